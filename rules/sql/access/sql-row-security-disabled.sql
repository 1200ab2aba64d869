-- ruleid: sql-row-security-disabled
ALTER TABLE invoices DISABLE ROW LEVEL SECURITY;

-- ruleid: sql-row-security-disabled
ALTER TABLE invoices NO FORCE ROW LEVEL SECURITY;

-- ok: sql-row-security-disabled
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;

-- ok: sql-row-security-disabled
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
