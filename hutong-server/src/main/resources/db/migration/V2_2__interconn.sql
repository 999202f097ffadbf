-- BFIA jobs as this node sees them. On the scheduler node the rows are the job's truth; on a
-- participant they are its own view, updated by the scheduler's messages. DAG and config are kept
-- as received.
create table bfia_job (
    job_id          text primary key,
    flow_id         text,
    dag             jsonb       not null,
    config          jsonb       not null,
    initiator_node  text        not null,
    scheduler_node  text        not null,
    sync_type       text        not null check (sync_type in ('callback', 'poll')),
    status          text        not null check (status in ('PENDING', 'READY', 'REJECTED', 'RUNNING', 'FINISHED')),
    result          text check (result in ('SUCCESS', 'FAILED', 'STOPPED', 'REJECTED')),
    reason          text,
    -- a stop was asked for: a job that then ends with failed tasks ended STOPPED, not FAILED
    stop_requested  boolean     not null default false,
    -- this node's own approval of the job
    approval        text        not null default 'PENDING' check (approval in ('PENDING', 'READY', 'REJECTED')),
    approval_reason text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index bfia_job_flow on bfia_job (flow_id);
create index bfia_job_awaiting on bfia_job (created_at) where approval = 'PENDING';

-- Scheduler only: each party node's approval.
create table bfia_job_party (
    job_id   text not null references bfia_job (job_id),
    node_id  text not null,
    approval text not null check (approval in ('PENDING', 'READY', 'REJECTED')),
    reason   text,
    primary key (job_id, node_id)
);

-- One task per DAG component; the task_id is the same at every party.
create table bfia_task (
    task_id    text primary key,
    job_id     text        not null references bfia_job (job_id),
    task_name  text        not null,
    status     text        not null check (status in ('PENDING', 'READY', 'RUNNING', 'SUCCESS', 'FAILED')),
    updated_at timestamptz not null,
    unique (job_id, task_name)
);

-- Each party-role's share of a task. The scheduler keeps all of them; the columns of the local
-- process are filled for this node's own units only.
create table bfia_task_unit (
    task_id            text        not null references bfia_task (task_id),
    role               text        not null,
    role_index         int         not null,
    node_id            text        not null,
    status             text        not null check (status in ('PENDING', 'READY', 'RUNNING', 'SUCCESS', 'FAILED')),
    -- SHA-256 (hex) of config.token, which the component presents on its callback
    token_hash         text,
    pid                bigint,
    process_started_at timestamptz,
    host               text,
    exit_code          int,
    -- poll mode: when the scheduler next asks the node
    next_poll_at       timestamptz,
    updated_at         timestamptz not null,
    primary key (task_id, role, role_index)
);
create index bfia_task_unit_poll on bfia_task_unit (next_poll_at) where next_poll_at is not null;
create index bfia_task_unit_local on bfia_task_unit (node_id, status);

-- Messages to other nodes, written in the transaction of the state change that causes them and
-- delivered in order per (target node, job) until the peer answers.
create table bfia_outbox (
    id              bigint generated always as identity primary key,
    job_id          text        not null,
    target_node     text        not null,
    path            text        not null,
    body            text        not null,
    created_at      timestamptz not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    lease_until     timestamptz,
    last_error      text,
    delivered_at    timestamptz
);
create index bfia_outbox_lane on bfia_outbox (target_node, job_id, id) where delivered_at is null;
create index bfia_outbox_due on bfia_outbox (next_attempt_at) where delivered_at is null;
