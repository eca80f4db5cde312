-- The outbox of the shared transactional-outbox module: one table shape in every service that publishes to Kafka.
-- The rows are auth-service's e-mail requests, letters and auth events; their payloads are erased once published.
alter table email_outbox rename to outbox;
alter table outbox rename column request_id to message_id;
alter table outbox rename column request_type to message_type;
alter table outbox alter column message_key type varchar(200);
alter table outbox alter column message_type type varchar(100);
alter table outbox alter column last_error type varchar(500);
alter index email_outbox_pending rename to outbox_unpublished;
