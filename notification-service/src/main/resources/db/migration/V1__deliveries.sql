-- One row per e-mail request id: the idempotency key, the retry schedule and the delivery log in one place.
create table deliveries (
    id                uuid primary key,
    type              varchar(64)  not null,
    locale            varchar(8)   not null,
    customer_number   varchar(32)  not null,
    masked_recipient  varchar(320) not null,
    -- The full request (address, link). Erased once the mail is sent; kept while it may still be sent or re-driven.
    request_json      text,
    status            varchar(16)  not null,
    attempts          integer      not null default 0,
    last_error        varchar(500),
    requested_at      timestamptz  not null,
    accepted_at       timestamptz  not null,
    next_attempt_at   timestamptz,
    claimed_until     timestamptz,
    give_up_at        timestamptz  not null,
    sent_at           timestamptz,
    failed_at         timestamptz,
    dead_lettered_at  timestamptz,
    updated_at        timestamptz  not null,
    constraint deliveries_status check (status in ('PENDING', 'SENDING', 'SENT', 'FAILED'))
);

create index deliveries_due on deliveries (next_attempt_at) where status = 'PENDING';
create index deliveries_claimed on deliveries (claimed_until) where status = 'SENDING';
create index deliveries_to_dead_letter on deliveries (failed_at) where status = 'FAILED' and dead_lettered_at is null;
create index deliveries_by_status on deliveries (status, updated_at desc);
