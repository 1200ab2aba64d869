-- ruleid: sql-hardcoded-password
CREATE ROLE app LOGIN PASSWORD 's3cret-app-pw';

-- ruleid: sql-hardcoded-password
ALTER USER report WITH PASSWORD 'hunter2';

-- ok: sql-hardcoded-password
CREATE ROLE readonly NOLOGIN;

-- ok: sql-hardcoded-password
ALTER ROLE app PASSWORD NULL;

-- ok: sql-hardcoded-password
INSERT INTO settings (name, value) VALUES ('password', 'PASSWORD ''x''');
