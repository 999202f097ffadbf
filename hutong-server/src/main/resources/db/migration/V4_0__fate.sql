-- FATE Flow third-party services: site keys and client-authentication apps.

-- RSA key pairs of the FATE parties this node signs for (private key present) and public keys
-- of the parties whose signatures it verifies. Private keys are AES-GCM encrypted (hutong.fate.secret-key).
create table fate_party_key (
    party_id        text primary key,
    algorithm       text        not null check (algorithm in ('SHA256withRSA', 'MD5withRSA')),
    public_key_pem  text        not null,
    private_key_enc bytea,
    -- bumped on every change, so nodes know when their parsed copy is stale
    revision        bigint      not null default 1,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- App keys of FATE's HMAC client authentication; secrets AES-GCM encrypted (HMAC needs them in clear).
create table fate_app (
    app_key    text primary key,
    name       text,
    secret_enc bytea       not null,
    created_at timestamptz not null
);

-- NONCEs seen within the TIMESTAMP window, so a captured request cannot be replayed.
create table fate_client_nonce (
    app_key text        not null,
    nonce   text        not null,
    seen_at timestamptz not null,
    primary key (app_key, nonce)
);
create index fate_client_nonce_seen on fate_client_nonce (seen_at);
