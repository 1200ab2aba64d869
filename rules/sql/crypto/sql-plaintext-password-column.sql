CREATE TABLE users (
  id integer PRIMARY KEY,
  email text NOT NULL,
-- ok: sql-plaintext-password-column
  password_hash text NOT NULL,
-- ruleid: sql-plaintext-password-column
  password varchar(64) NOT NULL,
-- ok: sql-plaintext-password-column
  password_changed_at timestamp
);

CREATE TABLE integrations (
  id integer PRIMARY KEY,
-- ok: sql-plaintext-password-column
  api_key_id integer,
-- ruleid: sql-plaintext-password-column
  api_key TEXT
);
