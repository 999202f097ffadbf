-- DBC GPU machines: the dbc_clients Hutong calls, the DBC accounts it acts as, the machines the
-- clients know, the VMs it created and follows, and an audit trail of the gateway.

-- owner_user_id null: registered by the admin or given as hutong.dbc.clients.<name> properties,
-- usable by every user of the node.
create table dbc_client (
    id            bigint generated always as identity primary key,
    name          text        not null,
    url           text        not null,
    owner_user_id bigint,
    source        text        not null check (source in ('admin', 'user', 'property')),
    created_at    timestamptz not null,
    -- when the client's list of machines was last read
    machines_refreshed_at timestamptz
);
create unique index dbc_client_owner_name on dbc_client (coalesce(owner_user_id, 0), name);

-- `secret` is AES-GCM over the credentials as JSON (seed, session_id and session_id_sign, or the
-- multisig members' seeds); the wallet address is public.
create table dbc_account (
    id            bigint generated always as identity primary key,
    client_id     bigint      not null references dbc_client (id) on delete cascade,
    owner_user_id bigint,
    name          text        not null,
    auth_type     text        not null check (auth_type in ('session', 'wallet', 'multisig')),
    wallet        text,
    secret        bytea       not null,
    created_at    timestamptz not null,
    unique (client_id, name)
);

-- What a dbc_client reported about a machine: `info` is /mining_nodes [node_id] exactly as received.
create table dbc_machine (
    client_id    bigint      not null references dbc_client (id) on delete cascade,
    node_id      text        not null,
    name         text,
    version      text,
    info         jsonb,
    refreshed_at timestamptz not null,
    primary key (client_id, node_id)
);
create index dbc_machine_node on dbc_machine (node_id);

-- A VM and what Hutong is following: `operation` with its `target_status`, polled again at
-- `next_poll_at` (null when idle). A replica claims due rows with `for update skip locked`.
create table dbc_vm (
    id            bigint generated always as identity primary key,
    user_id       bigint      not null,
    client_id     bigint      not null references dbc_client (id),
    account_id    bigint      not null references dbc_account (id),
    node_id       text        not null,
    task_id       text        not null,
    description   text        not null default '',
    os            text        not null,
    image_name    text        not null,
    ssh_port      int,
    rdp_port      int,
    vnc_port      int         not null,
    gpu_count     int         not null,
    cpu_cores     int         not null,
    mem_gb        int         not null,
    disk_gb       int         not null,
    rent_order    text,
    status        text        not null,
    status_at     timestamptz not null,
    operation     text,
    target_status text,
    next_poll_at  timestamptz,
    poll_attempts int         not null default 0,
    follow_until  timestamptz,
    -- AES-GCM over ssh_ip, ports, user_name, login_password and vnc_password as JSON
    login         bytea,
    created_at    timestamptz not null,
    unique (node_id, task_id)
);
create index dbc_vm_due on dbc_vm (next_poll_at) where next_poll_at is not null;
create index dbc_vm_user on dbc_vm (user_id, id);

-- Every status a VM took, with its time, and notes on what Hutong did.
create table dbc_vm_event (
    id     bigint generated always as identity primary key,
    vm_id  bigint      not null references dbc_vm (id),
    status text        not null,
    at     timestamptz not null,
    note   text
);
create index dbc_vm_event_vm on dbc_vm_event (vm_id, id);

-- One row per gateway call, for audit: who, what, routed where, with which outcome (no bodies).
create table dbc_gateway_call (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null,
    path        text        not null,
    node_id     text,
    client_id   bigint,
    account_id  bigint,
    http_status int         not null,
    errcode     int,
    duration_ms int         not null,
    at          timestamptz not null
);
create index dbc_gateway_call_at on dbc_gateway_call (at desc, id);
