-- Datasets stored at this node, one row per file <storage root>/<namespace>/<name> (a CSV file with
-- a header line). A row exists exactly when its file is complete: loads rename the file into place
-- in the transaction that writes the row.
-- owner_user_id null: the node's (loaded by an admin, or a job's output whose job no user of this
-- node created), readable by every user.
-- The job columns are set together for a job's output: which task, party and output key wrote it.
create table dataset (
    id            bigint generated always as identity primary key,
    namespace     text        not null,
    name          text        not null,
    owner_user_id bigint,
    owner_name    text,
    columns       text[]      not null,
    row_count     bigint      not null,
    size_bytes    bigint      not null,
    created_at    timestamptz not null,
    job_id        text,
    task_name     text,
    role          text,
    role_index    int,
    output_key    text,
    unique (namespace, name),
    check ((owner_user_id is null) = (owner_name is null)),
    check ((job_id is null) = (task_name is null) and (job_id is null) = (role is null)
        and (job_id is null) = (role_index is null) and (job_id is null) = (output_key is null))
);
create index dataset_owner on dataset (owner_user_id, created_at);
create index dataset_job on dataset (job_id) where job_id is not null;
