CREATE TABLE accounts (id integer PRIMARY KEY, owner text);

-- ruleid: sql-grant-public
GRANT SELECT, UPDATE ON accounts TO PUBLIC;

-- ruleid: sql-grant-public
GRANT ALL PRIVILEGES ON accounts TO app_user, public;

-- ok: sql-grant-public
GRANT SELECT ON public.accounts TO app_reader;

-- ok: sql-grant-public
REVOKE ALL ON accounts FROM PUBLIC;

-- ok: sql-grant-public
INSERT INTO notes (body) VALUES ('GRANT SELECT ON x TO PUBLIC');
