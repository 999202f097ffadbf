-- Algorithm components registered on this node (BFIA §5.8), found by name + version + provider.
create table bfia_component (
    component_name text        not null,
    version        text        not null,
    provider       text        not null,
    image_url      text        not null,
    info           jsonb       not null,
    registered_at  timestamptz not null,
    primary key (component_name, version, provider)
);
