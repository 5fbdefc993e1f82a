-- EXECUTE READER
SELECT x.ActorId, x.ActorName, x.ActorType FROM (SELECT [actor_id] AS ActorId, [actor_name] AS ActorName, [actor_type] AS ActorType, ROW_NUMBER() OVER (PARTITION BY [actor_id] ORDER BY [occurred_at] DESC, [id] DESC) AS newest FROM [dbo].[audit_events] WHERE ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0))) x WHERE x.newest = 1
-- @p0 untyped = N'acme'

-- EXECUTE READER
SELECT DISTINCT [action_type] FROM [dbo].[audit_events] WHERE ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0))
-- @p0 untyped = N'acme'

-- EXECUTE READER
SELECT DISTINCT [action] FROM [dbo].[audit_events] WHERE ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0))
-- @p0 untyped = N'acme'
