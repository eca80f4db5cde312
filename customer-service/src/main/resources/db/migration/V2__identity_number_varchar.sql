-- The JDBC driver binds strings as varchar; against a char(12) column PostgreSQL compares as text and cannot use the
-- index on identity_number. A varchar column (the check keeps it at exactly 12 digits) keeps lookups on the index.
alter table customers alter column identity_number type varchar(12);
