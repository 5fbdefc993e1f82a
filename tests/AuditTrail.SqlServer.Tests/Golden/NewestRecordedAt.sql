-- EXECUTE SCALAR
SELECT MAX([recorded_at]) FROM [dbo].[audit_events]
