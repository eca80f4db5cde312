-- Passwords are hashed in Unicode NFKC. Hashes stored before that were made of the password exactly as typed: they
-- keep working (checked as typed) and are replaced by the NFKC form at the customer's next successful login.
alter table credentials add column nfkc boolean not null default false;
