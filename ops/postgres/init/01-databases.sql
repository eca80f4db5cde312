-- One database per service that keeps data, as on the production cluster (each service owns its data).
CREATE DATABASE customers;
CREATE DATABASE auth;
CREATE DATABASE notifications;
