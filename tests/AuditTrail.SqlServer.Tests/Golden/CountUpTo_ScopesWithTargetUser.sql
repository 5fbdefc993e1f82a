-- EXECUTE SCALAR
SELECT COUNT_BIG(*) FROM (SELECT TOP (@p2) 1 AS one FROM [dbo].[audit_events] WHERE (([actor_id] = @p0 AND DATALENGTH([actor_id]) = DATALENGTH(@p0)) OR ([target_user_id] = @p0 AND DATALENGTH([target_user_id]) = DATALENGTH(@p0))) AND ([tenant_id] = @p1 AND DATALENGTH([tenant_id]) = DATALENGTH(@p1))) AS capped
-- @p0 untyped = N'u-mike'
-- @p1 untyped = N'acme'
-- @p2 Int64 = 101
