-- A transport call from a container names its task by the token it was given.
create index bfia_task_unit_token on bfia_task_unit (token_hash) where token_hash is not null;
