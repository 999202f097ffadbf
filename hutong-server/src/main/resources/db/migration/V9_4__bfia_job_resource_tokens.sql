-- The x-mprac-token-set the create call of another node's job carried here, as received (null: none):
-- what a person deciding on the job looks at next to the datasets it uses.
alter table bfia_job add column resource_tokens text;
