-- EXECUTE READER
SELECT [actor_id] AS ActorId, [actor_name] AS ActorName, [actor_type] AS ActorType FROM [dbo].[audit_events] WHERE [seq] IN (SELECT (SELECT [seq] FROM [dbo].[audit_events] WHERE ([actor_id] = actors.actor_key AND DATALENGTH([actor_id]) = DATALENGTH(actors.actor_key)) AND ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0)) ORDER BY [occurred_at] DESC, [id] DESC OFFSET 0 ROWS FETCH NEXT @p1 ROWS ONLY) FROM (SELECT DISTINCT [actor_id] AS actor_key, DATALENGTH([actor_id]) AS actor_key_length FROM [dbo].[audit_events] WHERE ([tenant_id] = @p2 AND DATALENGTH([tenant_id]) = DATALENGTH(@p2))) actors)
-- @p0 untyped = N'acme'
-- @p1 Int32 = 1
-- @p2 untyped = N'acme'

-- EXECUTE READER
SELECT DISTINCT [action_type], DATALENGTH([action_type]) FROM [dbo].[audit_events] WHERE ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0))
-- @p0 untyped = N'acme'

-- EXECUTE READER
SELECT DISTINCT [action], DATALENGTH([action]) FROM [dbo].[audit_events] WHERE ([tenant_id] = @p0 AND DATALENGTH([tenant_id]) = DATALENGTH(@p0))
-- @p0 untyped = N'acme'
