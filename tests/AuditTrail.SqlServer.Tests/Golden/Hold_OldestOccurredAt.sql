-- EXECUTE SCALAR
SELECT MIN([occurred_at]) FROM [dbo].[audit_events] WHERE ([actor_id] = @p0 AND DATALENGTH([actor_id]) = DATALENGTH(@p0)) AND ([tenant_id] = @p1 AND DATALENGTH([tenant_id]) = DATALENGTH(@p1)) AND [occurred_at] < @p2
-- @p0 untyped = N'u-mike'
-- @p1 untyped = N'acme'
-- @p2 DateTimeOffset = 2026-12-01T00:00:00.0000000+00:00
