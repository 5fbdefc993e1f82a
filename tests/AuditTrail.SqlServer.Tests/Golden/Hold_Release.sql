-- EXECUTE NON-QUERY
UPDATE [dbo].[audit_trail_holds] SET released_by = @releasedBy, released_at = @releasedAt WHERE table_name = @tableName AND id = @id AND released_at IS NULL
-- @tableName String(4000) = N'audit_events'
-- @id String(4000) = N'0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
-- @releasedBy String(4000) = N'u-legal'
-- @releasedAt DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00
