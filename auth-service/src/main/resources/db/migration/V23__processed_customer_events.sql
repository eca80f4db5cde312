-- customer.events.v1 is delivered at least once: an event's effects (voided links, notices) happen once per event id.
create table processed_customer_events (
    event_id     uuid        primary key,
    processed_at timestamptz not null
);
