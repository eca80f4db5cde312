-- Password-setup links (security-baseline.md "Password-setup links"): only the SHA-256 of the 256-bit token is
-- stored. A token is usable while used_at and voided_at are null and expires_at is in the future; issuing a new one
-- voids the customer's older ones.
create table password_setup_tokens (
    token_hash      bytea       primary key,
    customer_number varchar(20) not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    used_at         timestamptz,
    voided_at       timestamptz
);
create index password_setup_tokens_customer on password_setup_tokens (customer_number, created_at);

-- Transactional outbox for e-mail requests (notification.email.v1): the row commits with the token or password
-- change, the relay publishes it after commit. The payload holds the recipient and the one-time link, so it is
-- erased once Kafka has acknowledged the message.
create table email_outbox (
    id              bigserial    primary key,
    request_id      uuid         not null unique,
    topic           varchar(200) not null,
    message_key     varchar(20)  not null,
    request_type    varchar(40)  not null,
    payload         text,
    created_at      timestamptz  not null,
    published_at    timestamptz,
    attempts        integer      not null default 0,
    last_error      varchar(200)
);
create index email_outbox_pending on email_outbox (id) where published_at is null;
