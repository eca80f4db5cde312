-- A link remembers what it is for and (hashed) the address it was mailed to: it works only while that address is still
-- the customer's login address (RESET: a forgotten password) or pending address (REGISTRATION: a first address, to be
-- proven with BankID or an activation code before it becomes the login address). Links from before carry no hash and
-- no longer work.
alter table password_setup_tokens add column purpose varchar(16) not null default 'RESET';
alter table password_setup_tokens add column email_hash bytea;

-- One-time activation codes sent by letter to the customer's postal address (docs/security.md). Only an Argon2id hash
-- is stored. A code is usable while used_at and voided_at are null and expires_at is in the future; too many wrong
-- tries void it.
create table activation_codes (
    id              bigserial   primary key,
    customer_number varchar(20) not null,
    code_hash       text        not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    failed_attempts integer     not null default 0,
    used_at         timestamptz,
    voided_at       timestamptz
);
create index activation_codes_customer on activation_codes (customer_number, created_at);
