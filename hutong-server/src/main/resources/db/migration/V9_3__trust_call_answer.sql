-- The first answer to an east-west call of an unsigned peer (FATE-Flow repeats a call with the same
-- nonce after a timeout): an exact repeat, same nonce and same body, gets it again; kept as long as
-- the nonce.
create table trust_call_answer (
    source_node  text        not null,
    nonce        text        not null,
    body_sha256  text        not null,
    status       int         not null,
    content_type text,
    body         bytea       not null,
    expires_at   timestamptz not null,
    primary key (source_node, nonce)
);
create index trust_call_answer_expiry on trust_call_answer (expires_at);
