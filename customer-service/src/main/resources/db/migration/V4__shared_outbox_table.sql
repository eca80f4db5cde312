-- The outbox of the shared transactional-outbox module: one table shape in every service that publishes to Kafka.
-- A published row keeps no payload (EmailChanged carries both addresses in full).
alter table outbox rename column event_id to message_id;
alter table outbox rename column event_type to message_type;
alter table outbox alter column payload drop not null;
update outbox set payload = null where published_at is not null;
