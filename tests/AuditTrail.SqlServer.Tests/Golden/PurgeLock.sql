-- EXECUTE SCALAR
DECLARE @purge_lock int;
EXEC @purge_lock = sp_getapplock @Resource = N'audittrail.purge:dbo.audit_events', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0;
SELECT CASE WHEN @purge_lock >= 0 THEN 1 ELSE 0 END;

-- EXECUTE NON-QUERY
EXEC sp_releaseapplock @Resource = N'audittrail.purge:dbo.audit_events', @LockOwner = N'Session';
