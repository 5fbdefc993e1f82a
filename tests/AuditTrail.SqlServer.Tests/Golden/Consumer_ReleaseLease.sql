-- EXECUTE NON-QUERY
UPDATE [dbo].[audit_trail_consumers] SET lease_owner = NULL, lease_expires_at = NULL WHERE table_name = @tableName AND name = @name AND lease_owner = @owner
-- @tableName String(4000) = N'audit_events'
-- @name String(4000) = N'siem'
-- @owner String(4000) = N'host-a'
