-- The job aggregate: what a job resolved at creation, how long its tasks may run, and the columns
-- its moves and sweeps read.

-- The registered component of each task, by task name, as this node resolved it when the job was
-- created here: a later change to the registry never changes a job. JSON null for a job this node
-- could not plan; SQL null for jobs stored before this column (resolved once more when next read).
alter table bfia_job add column plan jsonb;
-- job_params.common.task_timeout in seconds; null: the node's hutong.interconn.task-timeout
alter table bfia_job add column task_timeout_s bigint;
create index bfia_job_created on bfia_job (created_at desc, job_id);
create index bfia_job_pending on bfia_job (created_at) where status in ('PENDING', 'READY');

-- when the task started running at this node: its task_timeout counts from here
alter table bfia_task add column started_at timestamptz;
update bfia_task set started_at = updated_at where status = 'RUNNING';
create index bfia_task_running on bfia_task (started_at) where status = 'RUNNING';

-- a unit's job, so a job's units are read with one index
alter table bfia_task_unit add column job_id text;
update bfia_task_unit u set job_id = t.job_id from bfia_task t where t.task_id = u.task_id;
alter table bfia_task_unit alter column job_id set not null;
create index bfia_task_unit_job on bfia_task_unit (job_id);

-- how the launched unit is found again (runtime's UnitHandle): process:<pid>@<host>,
-- in-process:<run>@<host> or pod:<namespace>/<name>, in place of a pid that was negative for the last two
alter table bfia_task_unit add column handle text;
update bfia_task_unit set handle = case
        when host like 'kubernetes:%' then 'pod:' || substr(host, length('kubernetes:') + 1)
        when pid < 0 then 'in-process:' || (-pid) || '@' || host
        else 'process:' || pid || '@' || host end
    where pid is not null;
alter table bfia_task_unit drop column pid;
alter table bfia_task_unit drop column host;
