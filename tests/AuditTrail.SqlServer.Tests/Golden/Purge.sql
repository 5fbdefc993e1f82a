-- BEGIN TRANSACTION ReadCommitted
-- EXECUTE NON-QUERY (in transaction)
DECLARE @rewrite_lock int;
EXEC @rewrite_lock = sp_getapplock @Resource = N'audittrail.rewrite:dbo.audit_events', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 20000;
IF @rewrite_lock < 0
    THROW 51003, N'AuditTrail could not take the rewrite lock of dbo.audit_events within 20 seconds.', 1;

-- EXECUTE NON-QUERY (in transaction)
DECLARE @chain_lock int;
EXEC @chain_lock = sp_getapplock @Resource = N'audittrail.chain:dbo.audit_events', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 20000;
IF @chain_lock < 0
    THROW 51002, N'AuditTrail could not take the hash-chain lock of dbo.audit_events within 20 seconds.', 1;

-- EXECUTE READER (in transaction)
SELECT [seq] AS Sequence, [hash] AS Hash, [occurred_at] AS OccurredAt FROM [dbo].[audit_events] ORDER BY [seq] OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
-- @limit Int32 = 1000

-- ROLLBACK
