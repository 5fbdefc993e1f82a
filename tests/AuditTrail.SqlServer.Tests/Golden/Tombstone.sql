-- BEGIN TRANSACTION ReadCommitted
-- EXECUTE NON-QUERY (in transaction)
DECLARE @rewrite_lock int;
EXEC @rewrite_lock = sp_getapplock @Resource = N'audittrail.rewrite:dbo.audit_events', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 20000;
IF @rewrite_lock < 0
    THROW 51003, N'AuditTrail could not take the rewrite lock of dbo.audit_events within 20 seconds.', 1;

-- EXECUTE READER (in transaction)
SELECT anchor_seq AS Sequence, anchor_hash AS Hash FROM [dbo].[audit_trail_chain] WHERE table_name = @tableName
-- @tableName String(4000) = N'audit_events'

-- EXECUTE READER (in transaction)
SELECT [seq] AS Seq, [id] AS Id, [occurred_at] AS OccurredAt, [recorded_at] AS RecordedAt, [actor_id] AS ActorId, [actor_name] AS ActorName, [actor_type] AS ActorType, [action] AS Action, [action_type] AS ActionType, [outcome] AS Outcome, [failure_reason] AS FailureReason, [resource_type] AS ResourceType, [resource_id] AS ResourceId, [resource_name] AS ResourceName, [description] AS Description, [changes] AS Changes, [source_ip] AS SourceIp, [user_agent] AS UserAgent, [correlation_id] AS CorrelationId, [tenant_id] AS TenantId, [metadata] AS Metadata, [target_user_id] AS TargetUserId, [target_user_name] AS TargetUserName, [source_ip_as_hashed] AS SourceIpAsHashed, [hash] AS Hash, [tombstone] AS Tombstone, [content_digest] AS ContentDigest FROM [dbo].[audit_events] WHERE [seq] IN (@p0, @p1)
-- @p0 Int64 = 4
-- @p1 Int64 = 5

-- ROLLBACK
