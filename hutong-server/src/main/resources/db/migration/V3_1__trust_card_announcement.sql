-- Peers that have not taken this node's card since its last rotation (key_id, the new key); the
-- card is offered again at next_attempt_at.
create table trust_card_announcement (
    peer_node       text primary key references node_peer (node_id) on delete cascade,
    key_id          bigint      not null,
    attempts        int         not null,
    next_attempt_at timestamptz not null,
    last_error      text
);
