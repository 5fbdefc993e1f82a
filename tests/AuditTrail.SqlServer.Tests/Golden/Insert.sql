-- BEGIN TRANSACTION ReadCommitted
-- EXECUTE NON-QUERY (in transaction)
DECLARE @chain_lock int;
EXEC @chain_lock = sp_getapplock @Resource = N'audittrail.chain:dbo.audit_events', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 20000;
IF @chain_lock < 0
    THROW 51002, N'AuditTrail could not take the hash-chain lock of dbo.audit_events within 20 seconds.', 1;

-- EXECUTE READER (in transaction)
SELECT [seq] AS Sequence, [hash] AS Hash FROM [dbo].[audit_events] ORDER BY [seq] DESC OFFSET 0 ROWS FETCH NEXT @one ROWS ONLY
-- @one Int32 = 1

-- EXECUTE READER (in transaction)
SELECT anchor_seq AS Sequence, anchor_hash AS Hash FROM [dbo].[audit_trail_chain] WHERE table_name = @tableName
-- @tableName String(4000) = N'audit_events'

-- EXECUTE READER (in transaction)
SELECT [id] FROM [dbo].[audit_events] WHERE [id] IN (@p0, @p1)
-- @p0 Binary = 0x0190A1B2C3D47E5F8A9B0C1D2E3F4A5B
-- @p1 Binary = 0x0190A1B2C3D47E5F8A9B0C1D2E3F4A5C

-- PREPARE
-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [dbo].[audit_events] ([seq], [id], [occurred_at], [recorded_at], [actor_id], [actor_name], [actor_type], [action], [action_type], [outcome], [failure_reason], [resource_type], [resource_id], [resource_name], [description], [changes], [source_ip], [user_agent], [correlation_id], [tenant_id], [metadata], [target_user_id], [target_user_name], [source_ip_as_hashed], [hash]) SELECT @seq, @id, @occurred_at, @recorded_at, @actor_id, @actor_name, @actor_type, @action, @action_type, @outcome, @failure_reason, @resource_type, @resource_id, @resource_name, @description, @changes, @source_ip, @user_agent, @correlation_id, @tenant_id, @metadata, @target_user_id, @target_user_name, @source_ip_as_hashed, @hash WHERE NOT EXISTS (SELECT 1 FROM [dbo].[audit_events] WITH (UPDLOCK, HOLDLOCK) WHERE [id] = @id)
-- @seq Int64 = 1
-- @id Binary(16) = 0x0190A1B2C3D47E5F8A9B0C1D2E3F4A5B
-- @occurred_at DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00
-- @recorded_at DateTimeOffset = 2025-03-14T09:26:54.8243600+00:00
-- @actor_id String(-1) = N'user-42'
-- @actor_name String(-1) = N'Zoë Ångström 👩‍💻'
-- @actor_type String(-1) = N'ApiKey'
-- @action String(-1) = N'server.updated'
-- @action_type String(-1) = N'Update'
-- @outcome String(-1) = N'Failure'
-- @failure_reason String(-1) = N'Denied:\r\nline two\nline three\r'
-- @resource_type String(-1) = N'server'
-- @resource_id String(-1) = N'srv-01'
-- @resource_name String(-1) = N'web-01 «prod» 日本語'
-- @description String(-1) = N'Changed load_multiplier from 1.0 to 1.5\r\n\t— ünïcödé 🚀 ''quoted'' "double" \ back'
-- @changes String(-1) = N'[{"field":"load_multiplier","old":"1.0","new":"1.5"},{"field":"notes","old":null,"new":"line1\r\nline2"},{"field":"region","old":"eu-west","new":null},{"field":"password","old":"[REDACTED]","new":"[REDACTED]"},{"field":"quote\"d","old":"back\\slash","new":"tab\there"},{"field":"empty","old":"","new":" "}]'
-- @source_ip String(-1) = N'2001:db8::1%eth0'
-- @user_agent String(-1) = N'Mozilla/5.0 (X11; Linux x86_64) <script>alert(1)</script>'
-- @correlation_id String(-1) = N'00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
-- @tenant_id String(-1) = N'tenant-α'
-- @metadata String(-1) = N'{"a":"1\r\n","b":"2","empty":"","json":"{\"x\":[1,2],\"y\":null}","ключ":"значение"}'
-- @target_user_id String(-1) = N'user-7'
-- @target_user_name String(-1) = N'Mïke «Chen» 🧑‍🔧'
-- @source_ip_as_hashed String(-1) = NULL
-- @hash Binary(32) = 0x97C2D8624944DE159D990361D0659610A360C1B59807A60F2624BD8BF80BCF66

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [dbo].[audit_events] ([seq], [id], [occurred_at], [recorded_at], [actor_id], [actor_name], [actor_type], [action], [action_type], [outcome], [failure_reason], [resource_type], [resource_id], [resource_name], [description], [changes], [source_ip], [user_agent], [correlation_id], [tenant_id], [metadata], [target_user_id], [target_user_name], [source_ip_as_hashed], [hash]) SELECT @seq, @id, @occurred_at, @recorded_at, @actor_id, @actor_name, @actor_type, @action, @action_type, @outcome, @failure_reason, @resource_type, @resource_id, @resource_name, @description, @changes, @source_ip, @user_agent, @correlation_id, @tenant_id, @metadata, @target_user_id, @target_user_name, @source_ip_as_hashed, @hash WHERE NOT EXISTS (SELECT 1 FROM [dbo].[audit_events] WITH (UPDLOCK, HOLDLOCK) WHERE [id] = @id)
-- @seq Int64 = 2
-- @id Binary(16) = 0x0190A1B2C3D47E5F8A9B0C1D2E3F4A5C
-- @occurred_at DateTimeOffset = 2025-03-14T09:26:53.5897930+00:00
-- @recorded_at DateTimeOffset = 2025-03-14T09:26:53.5917930+00:00
-- @actor_id String(-1) = N'u1'
-- @actor_name String(-1) = N'Una'
-- @actor_type String(-1) = N'User'
-- @action String(-1) = N'server.updated'
-- @action_type String(-1) = N'Update'
-- @outcome String(-1) = N'Success'
-- @failure_reason String(-1) = NULL
-- @resource_type String(-1) = NULL
-- @resource_id String(-1) = NULL
-- @resource_name String(-1) = NULL
-- @description String(-1) = NULL
-- @changes String(-1) = N'[]'
-- @source_ip String(-1) = NULL
-- @user_agent String(-1) = NULL
-- @correlation_id String(-1) = NULL
-- @tenant_id String(-1) = NULL
-- @metadata String(-1) = N'{}'
-- @target_user_id String(-1) = NULL
-- @target_user_name String(-1) = NULL
-- @source_ip_as_hashed String(-1) = NULL
-- @hash Binary(32) = 0x25D27DA706A4EAB2DAF78CE423F59691CFC384A17F44041E7E70553AE10027F0

-- COMMIT
