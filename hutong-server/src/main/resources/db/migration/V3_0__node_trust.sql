-- This node's signing keys. The active one has no retired_at; retired ones stay, so resource
-- tokens signed with them still verify. Private keys are AES-GCM encrypted (hutong.trust.secret-key).
create table trust_node_key (
    id          bigserial primary key,
    algorithm   text        not null,
    public_key  bytea       not null,
    private_key bytea       not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);
create unique index trust_node_key_one_active on trust_node_key ((true)) where retired_at is null;

-- What this node knows of each peer's keys, from the card it imported. Removing the peer removes them.
create table trust_peer (
    node_id             text primary key references node_peer (node_id) on delete cascade,
    -- an administrator marked the peer as unable to sign (a FATE-Flow or Kuscia node)
    unsigned            boolean     not null default false,
    algorithm           text,
    public_key          bytea,
    certificate_chain   text,
    previous_public_key bytea,
    previous_valid_until timestamptz,
    updated_at          timestamptz not null
);

-- Nonces seen per source node, until their timestamp has left the window; shared by replicas.
create table trust_nonce (
    source_node text        not null,
    nonce       text        not null,
    expires_at  timestamptz not null,
    primary key (source_node, nonce)
);
create index trust_nonce_expiry on trust_nonce (expires_at);

-- Resource tokens this node (the holder) issued.
create table trust_token_grant (
    id         text primary key,
    urn        text        not null,
    level      text        not null,
    grantee    text        not null,
    expires_at timestamptz not null,
    key_id     text        not null,
    token      text        not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);

-- Resource tokens other nodes granted this node; attached on calls to their holder.
create table trust_token_received (
    id          text primary key,
    holder      text        not null,
    urn         text        not null,
    level       text        not null,
    expires_at  timestamptz not null,
    token       text        not null,
    received_at timestamptz not null
);
create index trust_token_received_holder on trust_token_received (holder, urn);
