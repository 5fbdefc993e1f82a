-- EXECUTE SCALAR
SELECT MIN(oldest) FROM (SELECT MIN([occurred_at]) AS oldest FROM [dbo].[audit_events] WHERE ([actor_id] = @p2 AND DATALENGTH([actor_id]) = DATALENGTH(@p2)) AND ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0)) AND [occurred_at] < @p1 UNION ALL SELECT MIN([occurred_at]) AS oldest FROM [dbo].[audit_events] WHERE ([target_user_id] = @p5 AND DATALENGTH([target_user_id]) = DATALENGTH(@p5)) AND NOT (([actor_id] = @p5 AND DATALENGTH([actor_id]) = DATALENGTH(@p5))) AND ([tenant_id] = @p3 AND DATALENGTH([tenant_id]) = DATALENGTH(@p3)) AND [occurred_at] < @p4) AS parts
-- @p0 untyped = N'acme'
-- @p1 DateTimeOffset = 2026-11-20T14:34:00.0000000+00:00
-- @p2 untyped = N'u-mike'
-- @p3 untyped = N'acme'
-- @p4 DateTimeOffset = 2026-11-20T14:34:00.0000000+00:00
-- @p5 untyped = N'u-mike'
