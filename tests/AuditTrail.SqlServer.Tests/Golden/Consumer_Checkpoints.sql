-- EXECUTE READER
SELECT name AS Name, position AS Position, lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt FROM [dbo].[audit_trail_consumers] WHERE table_name = @tableName
-- @tableName String(4000) = N'audit_events'
