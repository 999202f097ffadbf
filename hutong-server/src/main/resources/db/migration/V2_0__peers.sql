-- Other nodes this node calls and accepts east-west calls from.
create table node_peer (
    node_id    text primary key,
    base_url   text        not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
