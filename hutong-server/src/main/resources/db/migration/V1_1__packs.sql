-- INFINITE resource packs. Time is kept as timestamps and milliseconds so that what remains is
-- always computed, never counted down in memory: exact across restarts and replicas.
create table user_pack (
    id                  bigint generated always as identity primary key,
    user_id             bigint      not null,
    pack_name           text        not null,
    duration_type       text        not null check (duration_type in ('timing', 'activity')),
    status              text        not null check (status in ('free', 'training', 'outOfTime')),
    -- timing packs: purchased and consumed milliseconds (consumed counts closed trainings only)
    total_millis        bigint check (total_millis >= 0),
    used_millis         bigint      not null default 0,
    -- activity packs: the period in which the pack has no time limit
    activity_start      timestamptz,
    activity_end        timestamptz,
    buy_time            timestamptz not null,
    -- the running training, if any
    training_usage_id   bigint,
    training_started_at timestamptz,
    -- when the pack runs out if nothing changes: training timing packs and all activity packs
    deadline            timestamptz,
    created_at          timestamptz not null,
    check ((duration_type = 'timing') = (total_millis is not null)),
    check ((duration_type = 'activity') = (activity_end is not null))
);
create index user_pack_user_name on user_pack (user_id, pack_name, id);
create index user_pack_due on user_pack (deadline) where status <> 'outOfTime' and deadline is not null;

create table pack_node (
    id          bigint generated always as identity primary key,
    pack_id     bigint  not null references user_pack (id),
    position    int     not null,
    node_name   text    not null,
    node_type   text    not null check (node_type in ('master', 'worker')),
    cpu_count   int     not null check (cpu_count >= 0),
    gpu_count   int     not null check (gpu_count >= 0),
    memory_size bigint  not null check (memory_size >= 0),
    node_count  int     not null default 1 check (node_count >= 1)
);
create index pack_node_pack on pack_node (pack_id, position);

-- Usage records (训练资源使用记录): one per training run on a pack.
create table pack_usage (
    id               bigint generated always as identity primary key,
    pack_id          bigint      not null references user_pack (id),
    user_id          bigint      not null,
    user_name        text        not null,
    train_id         text        not null,
    train_name       text        not null,
    start_time       timestamptz not null,
    end_time         timestamptz,
    -- finished, outOfTime
    end_reason       text
);
create index pack_usage_user on pack_usage (user_id, start_time desc, id);
create index pack_usage_pack on pack_usage (pack_id);
