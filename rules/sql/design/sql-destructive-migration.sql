-- The rules test analyses this file as `sql-destructive-migration.sql`, a migration by its name.

-- ruleid: sql-destructive-migration
DROP TABLE audit_log;

-- ruleid: sql-destructive-migration
TRUNCATE TABLE sessions;

-- ruleid: sql-destructive-migration
ALTER TABLE users DROP COLUMN legacy_password;

-- ok: sql-destructive-migration
DROP TABLE IF EXISTS tmp_import;

-- ok: sql-destructive-migration
ALTER TABLE users DROP CONSTRAINT users_email_key;

-- ok: sql-destructive-migration
CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);
