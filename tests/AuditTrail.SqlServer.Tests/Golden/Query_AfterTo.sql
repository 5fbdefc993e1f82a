-- EXECUTE READER
SELECT [seq] AS Seq, [id] AS Id, [occurred_at] AS OccurredAt, [recorded_at] AS RecordedAt, [actor_id] AS ActorId, [actor_name] AS ActorName, [actor_type] AS ActorType, [action] AS Action, [action_type] AS ActionType, [outcome] AS Outcome, [failure_reason] AS FailureReason, [resource_type] AS ResourceType, [resource_id] AS ResourceId, [resource_name] AS ResourceName, [description] AS Description, [changes] AS Changes, [source_ip] AS SourceIp, [user_agent] AS UserAgent, [correlation_id] AS CorrelationId, [tenant_id] AS TenantId, [metadata] AS Metadata, [target_user_id] AS TargetUserId, [target_user_name] AS TargetUserName, [source_ip_as_hashed] AS SourceIpAsHashed FROM [dbo].[audit_events] WHERE ([occurred_at] <= @p0 AND ([occurred_at] < @p0 OR [id] < @p1)) ORDER BY [occurred_at] DESC, [id] DESC OFFSET 0 ROWS FETCH NEXT @p2 ROWS ONLY
-- @p0 DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00
-- @p1 Binary = 0x0190A1B2C3D47E5F8A9B0C1D2E3F4A5B
-- @p2 Int32 = 51
