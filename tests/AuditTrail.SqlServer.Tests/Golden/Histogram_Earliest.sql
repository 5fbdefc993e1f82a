-- EXECUTE SCALAR
SELECT MIN([occurred_at]) FROM [dbo].[audit_events] WHERE ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0))
-- @p0 untyped = N'acme'
