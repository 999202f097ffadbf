-- The user of this node who created a job (north-south create_all, or a catalog task's path), on the
-- node it was created at: its outputs there are that user's, and its datasets are read as that user.
-- Jobs other nodes created here have no row.
create table bfia_job_creator (
    job_id  text   primary key,
    user_id bigint not null
);
