-- An address entered at registration by a customer without one is pending until auth-service reports it proven
-- (BankID or an activation code by letter); only then does it become the login address (email). A newer
-- registration replaces it; customer service can cancel it.
alter table customers add column pending_email varchar(254);
alter table customers add column pending_email_at timestamptz;
alter table customers add constraint pending_email_and_time_together
    check ((pending_email is null) = (pending_email_at is null));

-- The postal address, where letters (activation codes) go. Imported with the master data.
alter table customers add column postal_street varchar(200);
alter table customers add column postal_code varchar(6);
alter table customers add column postal_city varchar(100);
alter table customers add constraint postal_address_complete
    check ((postal_street is null) = (postal_code is null) and (postal_code is null) = (postal_city is null));

create index customers_pending_email on customers (pending_email_at) where pending_email is not null;
