CREATE OR REPLACE FUNCTION find_user(uname text) RETURNS SETOF users AS $$
BEGIN
-- ruleid: sql-dynamic-execute
  RETURN QUERY EXECUTE 'SELECT * FROM users WHERE name = ''' || uname || '''';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION find_user_safe(uname text) RETURNS SETOF users AS $$
BEGIN
-- ok: sql-dynamic-execute
  RETURN QUERY EXECUTE 'SELECT * FROM users WHERE name = $1' USING uname;
-- ok: sql-dynamic-execute
  RETURN QUERY EXECUTE format('SELECT * FROM %I WHERE id = $1', tbl) USING uname;
END;
$$ LANGUAGE plpgsql;

CREATE PROCEDURE search_orders (@filter nvarchar(200)) AS
BEGIN
  DECLARE @sql nvarchar(max) = N'SELECT * FROM orders WHERE ' + @filter;
-- ruleid: sql-dynamic-execute
  EXEC(@sql);
END
GO

CREATE PROCEDURE order_by_id (@id int) AS
BEGIN
  DECLARE @sql nvarchar(max) = N'SELECT * FROM orders WHERE id = @id';
-- ok: sql-dynamic-execute
  EXEC sp_executesql @sql, N'@id int', @id;
END
GO
