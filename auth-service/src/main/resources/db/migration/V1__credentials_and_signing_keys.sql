-- One password per customer number. The Argon2id parameters live inside password_hash
-- ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so raising the defaults upgrades hashes on the next login.
create table credentials (
    customer_number varchar(20) primary key,
    password_hash   text        not null,
    failed_attempts integer     not null default 0,
    locked_until    timestamptz,
    updated_at      timestamptz not null
);

-- Token signing keys shared by every instance. A key is published in the JWKS from created_at, signs from
-- signs_from until retired_at, and stays published until retired_at + retention (longest token it signed).
create table signing_keys (
    kid         varchar(64) primary key,
    algorithm   varchar(16) not null,
    private_key bytea       not null,
    public_key  bytea       not null,
    created_at  timestamptz not null,
    signs_from  timestamptz not null,
    retired_at  timestamptz
);
