-- EXECUTE NON-QUERY
UPDATE [dbo].[audit_trail_consumers] SET position = @position, updated_at = @now WHERE table_name = @tableName AND name = @name AND lease_owner = @owner AND lease_expires_at > @now AND position <= @position
-- @tableName String(4000) = N'audit_events'
-- @name String(4000) = N'siem'
-- @owner String(4000) = N'host-a'
-- @position Int64 = 42
-- @now DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00

-- EXECUTE READER
SELECT name AS Name, position AS Position, lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt FROM [dbo].[audit_trail_consumers] WHERE table_name = @tableName AND name = @name
-- @tableName String(4000) = N'audit_events'
-- @name String(4000) = N'siem'
