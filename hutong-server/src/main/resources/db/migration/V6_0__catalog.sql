-- The compute catalog: task templates kept on the node, tasks created from them, the execution of
-- each chosen step, and a record of every call of the interop platform API.

-- A template as the admin (or the shipped examples) gave it; `body` is the whole template JSON as
-- text, so its order (of parties, parameters) stays the author's.
create table catalog_template (
    id         text        primary key,
    name       text        not null,
    body       text        not null,
    builtin    boolean     not null,
    updated_at timestamptz not null
);

-- A task: a template (snapshot as resolved when the task was created) and its ranked plan, until
-- a path is chosen (`planned`), then the aggregate status of its executions.
create table catalog_task (
    task_id            text        primary key,
    user_id            bigint      not null,
    template_id        text        not null,
    template           text        not null,
    parameters         jsonb       not null,
    plan               jsonb       not null,
    status             text        not null check (status in ('planned', 'running', 'succeeded', 'failed', 'stopped')),
    reason             text,
    source             text,
    session_identifier text,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    ended_at           timestamptz
);
create index catalog_task_user on catalog_task (user_id, created_at);

-- One chosen instance of a step (or of a party of a BFIA step) and the work it leads to: a BFIA job,
-- a DBC VM, a pack's usage record. `offer` is the instance as it was when chosen.
create table catalog_execution (
    id                 bigint generated always as identity primary key,
    task_id            text        not null references catalog_task (task_id),
    step               text        not null,
    party              text,
    kind               text        not null check (kind in ('pack', 'local', 'dbc', 'bfia')),
    offer_id           text        not null,
    offer              jsonb       not null,
    status             text        not null check (status in ('starting', 'running', 'succeeded', 'failed', 'stopped')),
    detail             text,
    job_id             text,
    vm_id              bigint,
    pack_id            bigint,
    usage_record_id    bigint,
    source             text,
    session_identifier text,
    started_at         timestamptz not null,
    ended_at           timestamptz
);
create index catalog_execution_task on catalog_execution (task_id, id);
create index catalog_execution_job on catalog_execution (job_id) where job_id is not null;
create index catalog_execution_vm on catalog_execution (vm_id) where vm_id is not null;
create index catalog_execution_usage on catalog_execution (usage_record_id) where usage_record_id is not null;
create index catalog_execution_open on catalog_execution (status) where status in ('starting', 'running');

-- Every call of the three endpoints (and task_status), with the body exactly as received.
create table catalog_operation (
    id                 bigint generated always as identity primary key,
    kind               text        not null,
    user_id            bigint      not null,
    source             text,
    session_identifier text,
    portal_user_id     text,
    task_id            text,
    body               text        not null,
    outcome            text,
    received_at        timestamptz not null
);
create index catalog_operation_task on catalog_operation (task_id) where task_id is not null;
create index catalog_operation_session on catalog_operation (source, session_identifier);
