-- EXECUTE READER
SELECT [seq] AS Seq, [id] AS Id, [occurred_at] AS OccurredAt, [recorded_at] AS RecordedAt, [actor_id] AS ActorId, [actor_name] AS ActorName, [actor_type] AS ActorType, [action] AS Action, [action_type] AS ActionType, [outcome] AS Outcome, [failure_reason] AS FailureReason, [resource_type] AS ResourceType, [resource_id] AS ResourceId, [resource_name] AS ResourceName, [description] AS Description, [changes] AS Changes, [source_ip] AS SourceIp, [user_agent] AS UserAgent, [correlation_id] AS CorrelationId, [tenant_id] AS TenantId, [metadata] AS Metadata, [target_user_id] AS TargetUserId, [target_user_name] AS TargetUserName, [source_ip_as_hashed] AS SourceIpAsHashed FROM [dbo].[audit_events] WHERE ([actor_id] = @p0 AND DATALENGTH([actor_id]) = DATALENGTH(@p0)) AND ([tenant_id] = @p1 AND DATALENGTH([tenant_id]) = DATALENGTH(@p1)) AND ([actor_id] = @p2 AND DATALENGTH([actor_id]) = DATALENGTH(@p2)) ORDER BY [occurred_at] DESC, [id] DESC OFFSET 0 ROWS FETCH NEXT @p3 ROWS ONLY
-- @p0 untyped = N'u-mike'
-- @p1 untyped = N'acme'
-- @p2 untyped = N'u-john'
-- @p3 Int32 = 51
