-- One row per letter request id: a letter goes into the print queue once, however often the request is delivered.
-- Neither the code nor the address is kept: the PDF in the print queue is the only copy.
create table letters (
    id              uuid        primary key,
    type            varchar(64) not null,
    customer_number varchar(32) not null,
    requested_at    timestamptz not null,
    queued_at       timestamptz not null
);
