-- EXECUTE READER
SELECT [seq] AS Sequence, [hash] AS Hash FROM [dbo].[audit_events] WHERE [id] = @p0
-- @p0 Binary = 0x0190A1B2C3D47E5F8A9B0C1D2E3F4A5B
