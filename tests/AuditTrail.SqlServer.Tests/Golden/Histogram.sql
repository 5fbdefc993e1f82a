-- EXECUTE READER
SELECT bucket AS Bucket, action_type AS ActionType, COUNT_BIG(*) AS Count FROM (SELECT DATEDIFF_BIG(second, @p5, [occurred_at]) / @p6 AS bucket, [action_type] AS action_type FROM [dbo].[audit_events] WHERE ([actor_id] = @p0 AND DATALENGTH([actor_id]) = DATALENGTH(@p0)) AND ([tenant_id] = @p1 AND DATALENGTH([tenant_id]) = DATALENGTH(@p1)) AND ([action_type] = @p2 AND DATALENGTH([action_type]) = DATALENGTH(@p2)) AND [occurred_at] >= @p3 AND [occurred_at] < @p4) AS cells GROUP BY bucket, action_type
-- @p0 untyped = N'u-mike'
-- @p1 untyped = N'acme'
-- @p2 untyped = N'Delete'
-- @p3 DateTimeOffset = 2026-11-01T00:30:00.0000000+00:00
-- @p4 DateTimeOffset = 2026-11-20T14:34:00.0000000+00:00
-- @p5 DateTimeOffset = 2026-11-01T00:00:00.0000000+00:00
-- @p6 Int64 = 86400
