-- FATE Flow third-party services: the ApiReader feature service.

-- Feature datasets: versions of an id column plus feature columns, loaded from CSV.
create table fate_dataset (
    id         bigint generated always as identity primary key,
    name       text        not null unique,
    created_at timestamptz not null
);

create table fate_dataset_version (
    id         bigint generated always as identity primary key,
    dataset_id bigint      not null references fate_dataset (id),
    version    text        not null,
    id_column  text        not null,
    -- feature column names, in file order
    columns    text[]      not null,
    row_count  bigint      not null,
    created_at timestamptz not null,
    unique (dataset_id, version)
);

-- One row per id; `features` holds the feature values joined with ',' exactly as FATE reads them.
-- No foreign key: loads are COPYs of millions of rows (see fate_job_id); deleting a version deletes its rows.
create table fate_dataset_row (
    version_id bigint not null,
    id         text   not null,
    features   text   not null,
    primary key (version_id, id)
);

-- ApiReader jobs: ids uploaded by FATE, joined with a dataset version in the background.
create table fate_job (
    id                 text primary key,
    -- the compact key of the job's id and result rows (a million of them each)
    seq                bigint generated always as identity unique,
    fate_job_id        text        not null,
    -- the requestBody parameters as FATE sent them
    parameters         text        not null,
    dataset_version_id bigint references fate_dataset_version (id) on delete set null,
    -- header line of the download: id column name, then the feature columns
    header             text        not null,
    status             text        not null check (status in ('running', 'success', 'failed')),
    id_count           bigint      not null,
    row_count          bigint,
    message            text,
    created_at         timestamptz not null,
    finished_at        timestamptz
);
create index fate_job_status on fate_job (status, created_at);

-- The uploaded ids in upload order, until the join has run. No foreign keys here and below: a
-- million-row COPY or join would queue a million row triggers; the job's own transactions keep
-- these rows with their job, and dropping a job drops them explicitly.
create table fate_job_id (
    job_seq bigint not null,
    pos     bigint not null,
    id      text   not null,
    primary key (job_seq, pos)
);

-- The join's result, streamed by download in upload order.
create table fate_job_row (
    job_seq  bigint not null,
    pos      bigint not null,
    id       text   not null,
    features text   not null,
    primary key (job_seq, pos)
);
