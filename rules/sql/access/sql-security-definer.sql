CREATE FUNCTION reset_password(uid int) RETURNS void
-- ruleid: sql-security-definer
  LANGUAGE sql SECURITY DEFINER
  AS $$ UPDATE users SET pw = NULL WHERE id = uid $$;

CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger
-- ok: sql-security-definer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = app, pg_temp
  AS $$ BEGIN INSERT INTO app.audit VALUES (NEW.id); RETURN NEW; END $$;

CREATE FUNCTION count_rows() RETURNS bigint
-- ok: sql-security-definer
  LANGUAGE sql SECURITY INVOKER
  AS $$ SELECT count(*) FROM users $$;
