-- EXECUTE NON-QUERY
INSERT INTO [dbo].[audit_trail_consumers] (table_name, name, position, updated_at) SELECT @tableName, @name, 0, @now WHERE NOT EXISTS (SELECT 1 FROM [dbo].[audit_trail_consumers] WHERE table_name = @tableName AND name = @name)
-- @tableName String(4000) = N'audit_events'
-- @name String(4000) = N'siem'
-- @now DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00

-- EXECUTE NON-QUERY
UPDATE [dbo].[audit_trail_consumers] SET lease_owner = @owner, lease_expires_at = @expires, updated_at = @now WHERE table_name = @tableName AND name = @name AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at <= @now)
-- @tableName String(4000) = N'audit_events'
-- @name String(4000) = N'siem'
-- @now DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00
-- @owner String(4000) = N'host-a'
-- @expires DateTimeOffset = 2025-03-14T09:27:23.5897930+00:00
