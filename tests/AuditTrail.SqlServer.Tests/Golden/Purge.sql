-- BEGIN TRANSACTION ReadCommitted
-- EXECUTE NON-QUERY (in transaction)
DELETE TOP (@p1) FROM [dbo].[audit_events] WHERE [seq] IN (SELECT TOP (@p1) [seq] FROM [dbo].[audit_events] WHERE [occurred_at] < @p0 ORDER BY [occurred_at], [id])
-- @p0 DateTimeOffset = 2025-01-01T00:00:00.0000000+00:00
-- @p1 Int32 = 1000

-- COMMIT
