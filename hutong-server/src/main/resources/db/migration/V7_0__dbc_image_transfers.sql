-- Image downloads and uploads started through Hutong's API, followed like VMs: polled again at
-- `next_poll_at` (null once done, stopped or failed), claimed with `for update skip locked`.
-- A client's transfers go with it: without the client they can no longer be followed.
create table dbc_image_transfer (
    id             bigint generated always as identity primary key,
    user_id        bigint      not null,
    client_id      bigint      not null references dbc_client (id) on delete cascade,
    account_id     bigint      not null references dbc_account (id) on delete cascade,
    node_id        text        not null,
    image_filename text        not null,
    direction      text        not null check (direction in ('download', 'upload')),
    image_server   text,
    status         text        not null check (status in ('transferring', 'done', 'stopped', 'failed')),
    progress       int         not null default 0,
    last_error     text,
    next_poll_at   timestamptz,
    poll_attempts  int         not null default 0,
    -- polls in a row the client refused; reset by an answer
    failures       int         not null default 0,
    created_at     timestamptz not null,
    -- when the client last answered a poll (or the transfer changed through the API)
    updated_at     timestamptz not null
);
create index dbc_image_transfer_due on dbc_image_transfer (next_poll_at) where next_poll_at is not null;
create index dbc_image_transfer_user on dbc_image_transfer (user_id, id);

-- Every status a transfer took, with its progress and time.
create table dbc_image_transfer_event (
    id          bigint generated always as identity primary key,
    transfer_id bigint      not null references dbc_image_transfer (id) on delete cascade,
    status      text        not null,
    progress    int         not null,
    at          timestamptz not null
);
create index dbc_image_transfer_event_transfer on dbc_image_transfer_event (transfer_id, id);
