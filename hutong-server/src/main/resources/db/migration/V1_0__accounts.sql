-- Users of this node and the API tokens they present in the `token` header.
create table app_user (
    id           bigint generated always as identity primary key,
    name         text        not null unique,
    display_name text        not null,
    admin        boolean     not null default false,
    created_at   timestamptz not null default now()
);

-- Tokens are stored only as SHA-256 hashes; `hint` is the first characters, to recognise one in a list.
create table api_token (
    id         bigint generated always as identity primary key,
    user_id    bigint      not null references app_user (id),
    token_hash bytea       not null unique,
    hint       text        not null,
    label      text,
    created_at timestamptz not null,
    expires_at timestamptz,
    revoked_at timestamptz
);
create index api_token_user on api_token (user_id);

insert into app_user (name, display_name, admin) values ('admin', 'Administrator', true);
