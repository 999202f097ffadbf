-- FATE Flow third-party services: permission grants and their audit log.

-- What a source party may use in jobs at this node: components ('*' for any) and datasets
-- ('*' as namespace or name for any).
create table fate_grant (
    id                bigint generated always as identity primary key,
    party_id          text not null,
    component         text,
    dataset_namespace text,
    dataset_name      text,
    check ((component is null) <> (dataset_namespace is null and dataset_name is null)),
    check ((dataset_namespace is null) = (dataset_name is null))
);
create unique index fate_grant_component on fate_grant (party_id, component) where component is not null;
create unique index fate_grant_dataset on fate_grant (party_id, dataset_namespace, dataset_name)
    where component is null;

-- Every permission decision, for the audit the admin API lists.
create table fate_permission_log (
    id             bigint generated always as identity primary key,
    decided_at     timestamptz not null,
    src_party_id   text,
    src_role       text,
    role           text,
    party_id       text,
    initiator      jsonb,
    component_list jsonb       not null,
    dataset_list   jsonb       not null,
    allowed        boolean     not null,
    code           int         not null,
    msg            text        not null
);
create index fate_permission_log_party on fate_permission_log (src_party_id, id desc);
