-- deploy/compose.yml: the postgres image creates POSTGRES_DB (the tracker store's);
-- the municipal API gets its own database.
CREATE DATABASE levallois_municipal;
