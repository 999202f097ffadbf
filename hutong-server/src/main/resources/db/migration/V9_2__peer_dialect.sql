-- How each peer speaks BFIA: hutong (the default), kuscia or fate-flow (io.hutong.node.PeerDialect).
alter table node_peer add column dialect text not null default 'hutong'
    check (dialect in ('hutong', 'kuscia', 'fate-flow'));
