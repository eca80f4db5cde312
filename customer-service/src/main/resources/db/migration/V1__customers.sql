-- Customers: who a customer is and which e-mail address is theirs.
create table customers (
    customer_number     varchar(10)  primary key,
    type                varchar(20)  not null check (type in ('PRIVATE_PERSON', 'SOLE_TRADER', 'COMPANY')),
    -- 12 digits: personnummer/samordningsnummer (ÅÅÅÅMMDDXXXX) or 16 + organisationsnummer
    identity_number     char(12)     not null check (identity_number ~ '^[0-9]{12}$'),
    name                varchar(200) not null,
    email               varchar(254),
    email_registered_at timestamptz,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    version             bigint       not null default 0,
    constraint email_and_registration_time_together check ((email is null) = (email_registered_at is null))
);

-- Logins by BankID and the search API look customers up by identity number; a person may own several customers.
create index customers_identity_number on customers (identity_number);

-- Every change of an e-mail address by customer service: who, when, why, and the masked old and new addresses.
create table email_changes (
    id              bigserial    primary key,
    customer_number varchar(10)  not null references customers (customer_number),
    changed_by      varchar(200) not null,
    changed_at      timestamptz  not null,
    masked_old      varchar(260),
    masked_new      varchar(260) not null,
    reason          varchar(500) not null
);

create index email_changes_customer on email_changes (customer_number, changed_at);

-- Transactional outbox: an event row commits with the change it describes; the relay publishes it to Kafka after
-- commit and marks it published. Rows are relayed in id order so each customer's events stay in order.
create table outbox (
    id           bigserial    primary key,
    event_id     uuid         not null unique,
    topic        varchar(200) not null,
    message_key  varchar(200) not null,
    event_type   varchar(100) not null,
    payload      text         not null,
    created_at   timestamptz  not null,
    published_at timestamptz,
    attempts     integer      not null default 0,
    last_error   varchar(500)
);

create index outbox_unpublished on outbox (id) where published_at is null;
