-- EXECUTE READER
SELECT id AS Id, tenant_id AS TenantId, actor_id AS ActorId, occurred_from AS OccurredFrom, occurred_until AS OccurredUntil, reason AS Reason, placed_by AS PlacedBy, placed_at AS PlacedAt, released_by AS ReleasedBy, released_at AS ReleasedAt FROM [dbo].[audit_trail_holds] WHERE table_name = @tableName
-- @tableName String(4000) = N'audit_events'
