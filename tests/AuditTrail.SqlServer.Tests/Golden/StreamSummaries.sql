-- EXECUTE READER
SELECT [id] AS Id, [occurred_at] AS OccurredAt, [recorded_at] AS RecordedAt, [actor_id] AS ActorId, [actor_name] AS ActorName, [actor_type] AS ActorType, [action] AS Action, [action_type] AS ActionType, [outcome] AS Outcome, [resource_type] AS ResourceType, [resource_id] AS ResourceId, [resource_name] AS ResourceName, [source_ip] AS SourceIp, [tenant_id] AS TenantId, [target_user_id] AS TargetUserId, [target_user_name] AS TargetUserName FROM [dbo].[audit_events] WHERE ([action_type] = @p0 AND DATALENGTH([action_type]) = DATALENGTH(@p0)) AND [occurred_at] >= @p1 AND [occurred_at] < @p2 ORDER BY [occurred_at] DESC, [id] DESC OFFSET 0 ROWS FETCH NEXT @p3 ROWS ONLY
-- @p0 untyped = N'Update'
-- @p1 DateTimeOffset = 2026-11-01T00:00:00.0000000+00:00
-- @p2 DateTimeOffset = 2026-11-20T14:34:00.0000000+00:00
-- @p3 Int32 = 1000
