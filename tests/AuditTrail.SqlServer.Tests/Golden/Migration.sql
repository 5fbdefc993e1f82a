-- BEGIN TRANSACTION ReadCommitted
-- EXECUTE NON-QUERY (in transaction)
DECLARE @lock_result int;
EXEC @lock_result = sp_getapplock @Resource = N'AuditTrail.schema', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 20000;
IF @lock_result < 0
    THROW 51001, N'AuditTrail could not take its schema lock within 20 seconds: another instance is still creating or migrating the audit schema.', 1;

-- EXECUTE NON-QUERY (in transaction)
IF SCHEMA_ID(N'audit') IS NULL
    EXEC(N'CREATE SCHEMA [audit]');
IF OBJECT_ID(N'[audit].[audit_trail_schema]', N'U') IS NULL
    CREATE TABLE [audit].[audit_trail_schema] (
        [table_name] nvarchar(128) NOT NULL,
        [version] int NOT NULL,
        [description] nvarchar(400) NOT NULL,
        [applied_at] datetimeoffset(7) NOT NULL CONSTRAINT [audit_trail_schema_applied_at] DEFAULT SYSDATETIMEOFFSET(),
        CONSTRAINT [audit_trail_schema_pk] PRIMARY KEY ([table_name], [version])
    );

-- EXECUTE SCALAR (in transaction)
SELECT MAX(version) FROM [audit].[audit_trail_schema] WHERE table_name = @tableName
-- @tableName String(4000) = N'audit_events'

-- EXECUTE NON-QUERY (in transaction)
CREATE TABLE [audit].[audit_events] (
    [seq] bigint NOT NULL,
    [id] binary(16) NOT NULL,
    [occurred_at] datetimeoffset(6) NOT NULL,
    [recorded_at] datetimeoffset(6) NOT NULL,
    [actor_id] nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [actor_name] nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL,
    [actor_type] nvarchar(32) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [action] nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [action_type] nvarchar(32) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [outcome] nvarchar(16) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [failure_reason] nvarchar(1024) COLLATE Latin1_General_100_BIN2 NULL,
    [resource_type] nvarchar(128) COLLATE Latin1_General_100_BIN2 NULL,
    [resource_id] nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL,
    [resource_name] nvarchar(512) COLLATE Latin1_General_100_BIN2 NULL,
    [description] nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL,
    [changes] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [source_ip] nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL,
    [user_agent] nvarchar(512) COLLATE Latin1_General_100_BIN2 NULL,
    [correlation_id] nvarchar(128) COLLATE Latin1_General_100_BIN2 NULL,
    [tenant_id] nvarchar(128) COLLATE Latin1_General_100_BIN2 NULL,
    [metadata] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT [audit_events_pk] PRIMARY KEY CLUSTERED ([seq])
)

-- EXECUTE NON-QUERY (in transaction)
CREATE UNIQUE INDEX [audit_events_id] ON [audit].[audit_events] ([id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_occurred] ON [audit].[audit_events] ([occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_actor] ON [audit].[audit_events] ([actor_id], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_action_type] ON [audit].[audit_events] ([action_type], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_resource] ON [audit].[audit_events] ([resource_type], [resource_id], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_tenant] ON [audit].[audit_events] ([tenant_id], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_recorded] ON [audit].[audit_events] ([recorded_at])

-- EXECUTE NON-QUERY (in transaction)
CREATE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events] AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    THROW 51000, N'audit records are append-only', 1;
END

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 1
-- @description String(4000) = N'Audit table, indexes and append-only trigger'

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_events] ADD [hash] varbinary(32) NULL

-- EXECUTE NON-QUERY (in transaction)
IF OBJECT_ID(N'[audit].[audit_trail_chain]', N'U') IS NULL
CREATE TABLE [audit].[audit_trail_chain] (
    table_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    anchor_seq bigint NOT NULL,
    anchor_hash varbinary(32) NOT NULL
)

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 2
-- @description String(4000) = N'Hash chain: a hash per row and the retention anchor'

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_action] ON [audit].[audit_events] ([action], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_source_ip] ON [audit].[audit_events] ([source_ip], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 3
-- @description String(4000) = N'Indexes for the action code and source IP filters'

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_events] ADD [target_user_id] nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL, [target_user_name] nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL

-- EXECUTE NON-QUERY (in transaction)
CREATE INDEX [audit_events_target_user] ON [audit].[audit_events] ([target_user_id], [occurred_at], [id])

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 4
-- @description String(4000) = N'Target user columns and index'

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_events] ADD [source_ip_as_hashed] nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL

-- EXECUTE NON-QUERY (in transaction)
DISABLE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events]

-- EXECUTE READER (in transaction)
SELECT [seq] AS Sequence, [source_ip] AS SourceIp FROM [audit].[audit_events] WHERE [seq] > @after AND [source_ip] IS NOT NULL ORDER BY [seq] OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
-- @after Int64 = 0
-- @limit Int32 = 5000

-- EXECUTE NON-QUERY (in transaction)
ENABLE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events]

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 5
-- @description String(4000) = N'Source IPs in canonical form; the text hashed before kept in source_ip_as_hashed'

-- EXECUTE NON-QUERY (in transaction)
IF OBJECT_ID(N'[audit].[audit_trail_consumers]', N'U') IS NULL
CREATE TABLE [audit].[audit_trail_consumers] (
    table_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    position bigint NOT NULL,
    lease_owner nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    lease_expires_at datetimeoffset(6) NULL,
    updated_at datetimeoffset(6) NOT NULL,
    PRIMARY KEY (table_name, name)
)

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 6
-- @description String(4000) = N'Feed consumers: a durable position and a lease per consumer name'

-- EXECUTE NON-QUERY (in transaction)
IF OBJECT_ID(N'[audit].[audit_trail_holds]', N'U') IS NULL
CREATE TABLE [audit].[audit_trail_holds] (
    table_name nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    id nvarchar(36) COLLATE Latin1_General_100_BIN2 NOT NULL,
    tenant_id nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    actor_id nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    occurred_from datetimeoffset(6) NULL,
    occurred_until datetimeoffset(6) NULL,
    reason nvarchar(1000) NOT NULL,
    placed_by nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    placed_at datetimeoffset(6) NOT NULL,
    released_by nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    released_at datetimeoffset(6) NULL,
    PRIMARY KEY (table_name, id)
)

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 7
-- @description String(4000) = N'Legal holds: what retention must keep, per audit table'

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_events] ADD [tombstone] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL, [content_digest] varbinary(32) NULL

-- EXECUTE NON-QUERY (in transaction)
DROP TRIGGER [audit].[audit_events_append_only]

-- EXECUTE NON-QUERY (in transaction)
CREATE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events] AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (
        SELECT 1 FROM deleted AS d FULL JOIN inserted AS i ON i.[seq] = d.[seq]
        WHERE CASE WHEN ((d.[tombstone] IS NULL AND i.[tombstone] IS NOT NULL AND i.[content_digest] IS NOT NULL AND (d.[seq] = i.[seq] OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND (d.[id] = i.[id] OR (d.[id] IS NULL AND i.[id] IS NULL)) AND (d.[occurred_at] = i.[occurred_at] OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND (d.[recorded_at] = i.[recorded_at] OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND (d.[actor_type] = i.[actor_type] OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND (d.[action] = i.[action] OR (d.[action] IS NULL AND i.[action] IS NULL)) AND (d.[action_type] = i.[action_type] OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND (d.[outcome] = i.[outcome] OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND (d.[tenant_id] = i.[tenant_id] OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND (d.[hash] = i.[hash] OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND (i.[actor_id] = '' OR ((d.[actor_id] = i.[actor_id] OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) AND i.[actor_id] LIKE 'erased-%')) AND (i.[target_user_id] IS NULL OR ((d.[target_user_id] = i.[target_user_id] OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) AND i.[target_user_id] LIKE 'erased-%')) AND i.[changes] = '[]' AND i.[metadata] = '{}' AND i.[actor_name] IS NULL AND i.[failure_reason] IS NULL AND i.[resource_type] IS NULL AND i.[resource_id] IS NULL AND i.[resource_name] IS NULL AND i.[description] IS NULL AND i.[source_ip] IS NULL AND i.[source_ip_as_hashed] IS NULL AND i.[user_agent] IS NULL AND i.[correlation_id] IS NULL AND i.[target_user_name] IS NULL) OR (d.[tombstone] IS NULL AND i.[tombstone] IS NULL AND (d.[seq] = i.[seq] OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND (d.[id] = i.[id] OR (d.[id] IS NULL AND i.[id] IS NULL)) AND (d.[occurred_at] = i.[occurred_at] OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND (d.[recorded_at] = i.[recorded_at] OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND (d.[actor_type] = i.[actor_type] OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND (d.[action] = i.[action] OR (d.[action] IS NULL AND i.[action] IS NULL)) AND (d.[action_type] = i.[action_type] OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND (d.[outcome] = i.[outcome] OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND (d.[failure_reason] = i.[failure_reason] OR (d.[failure_reason] IS NULL AND i.[failure_reason] IS NULL)) AND (d.[resource_type] = i.[resource_type] OR (d.[resource_type] IS NULL AND i.[resource_type] IS NULL)) AND (d.[resource_id] = i.[resource_id] OR (d.[resource_id] IS NULL AND i.[resource_id] IS NULL)) AND (d.[resource_name] = i.[resource_name] OR (d.[resource_name] IS NULL AND i.[resource_name] IS NULL)) AND (d.[description] = i.[description] OR (d.[description] IS NULL AND i.[description] IS NULL)) AND (d.[changes] = i.[changes] OR (d.[changes] IS NULL AND i.[changes] IS NULL)) AND (d.[correlation_id] = i.[correlation_id] OR (d.[correlation_id] IS NULL AND i.[correlation_id] IS NULL)) AND (d.[tenant_id] = i.[tenant_id] OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND (d.[metadata] = i.[metadata] OR (d.[metadata] IS NULL AND i.[metadata] IS NULL)) AND (d.[hash] = i.[hash] OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND (d.[content_digest] = i.[content_digest] OR (d.[content_digest] IS NULL AND i.[content_digest] IS NULL)) AND ((d.[actor_id] = i.[actor_id] OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) OR i.[actor_id] LIKE 'erased-%') AND ((d.[target_user_id] = i.[target_user_id] OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) OR i.[target_user_id] LIKE 'erased-%') AND ((d.[actor_name] = i.[actor_name] OR (d.[actor_name] IS NULL AND i.[actor_name] IS NULL)) OR (i.[actor_name] IS NULL AND (NOT ((d.[actor_id] = i.[actor_id] OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND ((d.[source_ip] = i.[source_ip] OR (d.[source_ip] IS NULL AND i.[source_ip] IS NULL)) OR (i.[source_ip] IS NULL AND (NOT ((d.[actor_id] = i.[actor_id] OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND ((d.[source_ip_as_hashed] = i.[source_ip_as_hashed] OR (d.[source_ip_as_hashed] IS NULL AND i.[source_ip_as_hashed] IS NULL)) OR (i.[source_ip_as_hashed] IS NULL AND (NOT ((d.[actor_id] = i.[actor_id] OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND ((d.[user_agent] = i.[user_agent] OR (d.[user_agent] IS NULL AND i.[user_agent] IS NULL)) OR (i.[user_agent] IS NULL AND (NOT ((d.[actor_id] = i.[actor_id] OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND ((d.[target_user_name] = i.[target_user_name] OR (d.[target_user_name] IS NULL AND i.[target_user_name] IS NULL)) OR (i.[target_user_name] IS NULL AND (NOT ((d.[target_user_id] = i.[target_user_id] OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL))) AND i.[target_user_id] LIKE 'erased-%'))))) THEN 1 ELSE 0 END = 0)
        THROW 51000, N'audit records are append-only (only a tombstoning or an erasure may rewrite a row)', 1;
END

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 8
-- @description String(4000) = N'Tombstones and erasure: the tombstone and content digest columns, and an append-only trigger that lets only those rewrites through'

-- EXECUTE NON-QUERY (in transaction)
DROP TRIGGER [audit].[audit_events_append_only]

-- EXECUTE NON-QUERY (in transaction)
CREATE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events] AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (
        SELECT 1 FROM deleted AS d FULL JOIN inserted AS i ON i.[seq] = d.[seq]
        WHERE CASE WHEN ((d.[tombstone] IS NULL AND i.[tombstone] IS NOT NULL AND i.[content_digest] IS NOT NULL AND ((d.[seq] = i.[seq] AND DATALENGTH(d.[seq]) = DATALENGTH(i.[seq])) OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND ((d.[id] = i.[id] AND DATALENGTH(d.[id]) = DATALENGTH(i.[id])) OR (d.[id] IS NULL AND i.[id] IS NULL)) AND ((d.[occurred_at] = i.[occurred_at] AND DATALENGTH(d.[occurred_at]) = DATALENGTH(i.[occurred_at])) OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND ((d.[recorded_at] = i.[recorded_at] AND DATALENGTH(d.[recorded_at]) = DATALENGTH(i.[recorded_at])) OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND ((d.[actor_type] = i.[actor_type] AND DATALENGTH(d.[actor_type]) = DATALENGTH(i.[actor_type])) OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND ((d.[action] = i.[action] AND DATALENGTH(d.[action]) = DATALENGTH(i.[action])) OR (d.[action] IS NULL AND i.[action] IS NULL)) AND ((d.[action_type] = i.[action_type] AND DATALENGTH(d.[action_type]) = DATALENGTH(i.[action_type])) OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND ((d.[outcome] = i.[outcome] AND DATALENGTH(d.[outcome]) = DATALENGTH(i.[outcome])) OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND ((d.[tenant_id] = i.[tenant_id] AND DATALENGTH(d.[tenant_id]) = DATALENGTH(i.[tenant_id])) OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND ((d.[hash] = i.[hash] AND DATALENGTH(d.[hash]) = DATALENGTH(i.[hash])) OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND (i.[actor_id] = '' OR (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) AND i.[actor_id] LIKE 'erased-%')) AND (i.[target_user_id] IS NULL OR (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) AND i.[target_user_id] LIKE 'erased-%')) AND i.[changes] = '[]' AND i.[metadata] = '{}' AND i.[actor_name] IS NULL AND i.[failure_reason] IS NULL AND i.[resource_type] IS NULL AND i.[resource_id] IS NULL AND i.[resource_name] IS NULL AND i.[description] IS NULL AND i.[source_ip] IS NULL AND i.[source_ip_as_hashed] IS NULL AND i.[user_agent] IS NULL AND i.[correlation_id] IS NULL AND i.[target_user_name] IS NULL) OR (d.[tombstone] IS NULL AND i.[tombstone] IS NULL AND ((d.[seq] = i.[seq] AND DATALENGTH(d.[seq]) = DATALENGTH(i.[seq])) OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND ((d.[id] = i.[id] AND DATALENGTH(d.[id]) = DATALENGTH(i.[id])) OR (d.[id] IS NULL AND i.[id] IS NULL)) AND ((d.[occurred_at] = i.[occurred_at] AND DATALENGTH(d.[occurred_at]) = DATALENGTH(i.[occurred_at])) OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND ((d.[recorded_at] = i.[recorded_at] AND DATALENGTH(d.[recorded_at]) = DATALENGTH(i.[recorded_at])) OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND ((d.[actor_type] = i.[actor_type] AND DATALENGTH(d.[actor_type]) = DATALENGTH(i.[actor_type])) OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND ((d.[action] = i.[action] AND DATALENGTH(d.[action]) = DATALENGTH(i.[action])) OR (d.[action] IS NULL AND i.[action] IS NULL)) AND ((d.[action_type] = i.[action_type] AND DATALENGTH(d.[action_type]) = DATALENGTH(i.[action_type])) OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND ((d.[outcome] = i.[outcome] AND DATALENGTH(d.[outcome]) = DATALENGTH(i.[outcome])) OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND ((d.[failure_reason] = i.[failure_reason] AND DATALENGTH(d.[failure_reason]) = DATALENGTH(i.[failure_reason])) OR (d.[failure_reason] IS NULL AND i.[failure_reason] IS NULL)) AND ((d.[resource_type] = i.[resource_type] AND DATALENGTH(d.[resource_type]) = DATALENGTH(i.[resource_type])) OR (d.[resource_type] IS NULL AND i.[resource_type] IS NULL)) AND ((d.[resource_id] = i.[resource_id] AND DATALENGTH(d.[resource_id]) = DATALENGTH(i.[resource_id])) OR (d.[resource_id] IS NULL AND i.[resource_id] IS NULL)) AND ((d.[resource_name] = i.[resource_name] AND DATALENGTH(d.[resource_name]) = DATALENGTH(i.[resource_name])) OR (d.[resource_name] IS NULL AND i.[resource_name] IS NULL)) AND ((d.[description] = i.[description] AND DATALENGTH(d.[description]) = DATALENGTH(i.[description])) OR (d.[description] IS NULL AND i.[description] IS NULL)) AND ((d.[changes] = i.[changes] AND DATALENGTH(d.[changes]) = DATALENGTH(i.[changes])) OR (d.[changes] IS NULL AND i.[changes] IS NULL)) AND ((d.[correlation_id] = i.[correlation_id] AND DATALENGTH(d.[correlation_id]) = DATALENGTH(i.[correlation_id])) OR (d.[correlation_id] IS NULL AND i.[correlation_id] IS NULL)) AND ((d.[tenant_id] = i.[tenant_id] AND DATALENGTH(d.[tenant_id]) = DATALENGTH(i.[tenant_id])) OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND ((d.[metadata] = i.[metadata] AND DATALENGTH(d.[metadata]) = DATALENGTH(i.[metadata])) OR (d.[metadata] IS NULL AND i.[metadata] IS NULL)) AND ((d.[hash] = i.[hash] AND DATALENGTH(d.[hash]) = DATALENGTH(i.[hash])) OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND ((d.[content_digest] = i.[content_digest] AND DATALENGTH(d.[content_digest]) = DATALENGTH(i.[content_digest])) OR (d.[content_digest] IS NULL AND i.[content_digest] IS NULL)) AND (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) OR i.[actor_id] LIKE 'erased-%') AND (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) OR i.[target_user_id] LIKE 'erased-%') AND (((d.[actor_name] = i.[actor_name] AND DATALENGTH(d.[actor_name]) = DATALENGTH(i.[actor_name])) OR (d.[actor_name] IS NULL AND i.[actor_name] IS NULL)) OR (i.[actor_name] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[source_ip] = i.[source_ip] AND DATALENGTH(d.[source_ip]) = DATALENGTH(i.[source_ip])) OR (d.[source_ip] IS NULL AND i.[source_ip] IS NULL)) OR (i.[source_ip] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[source_ip_as_hashed] = i.[source_ip_as_hashed] AND DATALENGTH(d.[source_ip_as_hashed]) = DATALENGTH(i.[source_ip_as_hashed])) OR (d.[source_ip_as_hashed] IS NULL AND i.[source_ip_as_hashed] IS NULL)) OR (i.[source_ip_as_hashed] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[user_agent] = i.[user_agent] AND DATALENGTH(d.[user_agent]) = DATALENGTH(i.[user_agent])) OR (d.[user_agent] IS NULL AND i.[user_agent] IS NULL)) OR (i.[user_agent] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[target_user_name] = i.[target_user_name] AND DATALENGTH(d.[target_user_name]) = DATALENGTH(i.[target_user_name])) OR (d.[target_user_name] IS NULL AND i.[target_user_name] IS NULL)) OR (i.[target_user_name] IS NULL AND (NOT (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL))) AND i.[target_user_id] LIKE 'erased-%'))))) THEN 1 ELSE 0 END = 0)
        THROW 51000, N'audit records are append-only (only a tombstoning or an erasure may rewrite a row)', 1;
END

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 9
-- @description String(4000) = N'Append-only trigger that compares kept values exactly, trailing spaces included'

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_trail_holds] ALTER COLUMN placed_by nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_trail_holds] ALTER COLUMN released_by nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 10
-- @description String(4000) = N'Legal holds: who placed or released a hold, of any length'

-- EXECUTE NON-QUERY (in transaction)
DROP TRIGGER [audit].[audit_events_append_only]

-- EXECUTE NON-QUERY (in transaction)
CREATE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events] AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (
        SELECT 1 FROM deleted AS d FULL JOIN inserted AS i ON i.[seq] = d.[seq]
        WHERE CASE WHEN ((d.[tombstone] IS NULL AND i.[tombstone] IS NOT NULL AND i.[content_digest] IS NOT NULL AND ((d.[seq] = i.[seq] AND DATALENGTH(d.[seq]) = DATALENGTH(i.[seq])) OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND ((d.[id] = i.[id] AND DATALENGTH(d.[id]) = DATALENGTH(i.[id])) OR (d.[id] IS NULL AND i.[id] IS NULL)) AND ((d.[occurred_at] = i.[occurred_at] AND DATALENGTH(d.[occurred_at]) = DATALENGTH(i.[occurred_at])) OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND ((d.[recorded_at] = i.[recorded_at] AND DATALENGTH(d.[recorded_at]) = DATALENGTH(i.[recorded_at])) OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND ((d.[actor_type] = i.[actor_type] AND DATALENGTH(d.[actor_type]) = DATALENGTH(i.[actor_type])) OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND ((d.[action] = i.[action] AND DATALENGTH(d.[action]) = DATALENGTH(i.[action])) OR (d.[action] IS NULL AND i.[action] IS NULL)) AND ((d.[action_type] = i.[action_type] AND DATALENGTH(d.[action_type]) = DATALENGTH(i.[action_type])) OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND ((d.[outcome] = i.[outcome] AND DATALENGTH(d.[outcome]) = DATALENGTH(i.[outcome])) OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND ((d.[tenant_id] = i.[tenant_id] AND DATALENGTH(d.[tenant_id]) = DATALENGTH(i.[tenant_id])) OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND ((d.[hash] = i.[hash] AND DATALENGTH(d.[hash]) = DATALENGTH(i.[hash])) OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND (i.[actor_id] = '' OR (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) AND i.[actor_id] LIKE 'erased-%')) AND (i.[target_user_id] IS NULL OR (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) AND i.[target_user_id] LIKE 'erased-%')) AND i.[changes] = '[]' AND i.[metadata] = '{}' AND i.[actor_name] IS NULL AND i.[failure_reason] IS NULL AND i.[resource_type] IS NULL AND i.[resource_id] IS NULL AND i.[resource_name] IS NULL AND i.[description] IS NULL AND i.[source_ip] IS NULL AND i.[source_ip_as_hashed] IS NULL AND i.[user_agent] IS NULL AND i.[correlation_id] IS NULL AND i.[target_user_name] IS NULL) OR (d.[tombstone] IS NULL AND i.[tombstone] IS NULL AND ((d.[seq] = i.[seq] AND DATALENGTH(d.[seq]) = DATALENGTH(i.[seq])) OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND ((d.[id] = i.[id] AND DATALENGTH(d.[id]) = DATALENGTH(i.[id])) OR (d.[id] IS NULL AND i.[id] IS NULL)) AND ((d.[occurred_at] = i.[occurred_at] AND DATALENGTH(d.[occurred_at]) = DATALENGTH(i.[occurred_at])) OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND ((d.[recorded_at] = i.[recorded_at] AND DATALENGTH(d.[recorded_at]) = DATALENGTH(i.[recorded_at])) OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND ((d.[actor_type] = i.[actor_type] AND DATALENGTH(d.[actor_type]) = DATALENGTH(i.[actor_type])) OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND ((d.[action] = i.[action] AND DATALENGTH(d.[action]) = DATALENGTH(i.[action])) OR (d.[action] IS NULL AND i.[action] IS NULL)) AND ((d.[action_type] = i.[action_type] AND DATALENGTH(d.[action_type]) = DATALENGTH(i.[action_type])) OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND ((d.[outcome] = i.[outcome] AND DATALENGTH(d.[outcome]) = DATALENGTH(i.[outcome])) OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND ((d.[failure_reason] = i.[failure_reason] AND DATALENGTH(d.[failure_reason]) = DATALENGTH(i.[failure_reason])) OR (d.[failure_reason] IS NULL AND i.[failure_reason] IS NULL)) AND ((d.[resource_type] = i.[resource_type] AND DATALENGTH(d.[resource_type]) = DATALENGTH(i.[resource_type])) OR (d.[resource_type] IS NULL AND i.[resource_type] IS NULL)) AND ((d.[resource_id] = i.[resource_id] AND DATALENGTH(d.[resource_id]) = DATALENGTH(i.[resource_id])) OR (d.[resource_id] IS NULL AND i.[resource_id] IS NULL)) AND ((d.[resource_name] = i.[resource_name] AND DATALENGTH(d.[resource_name]) = DATALENGTH(i.[resource_name])) OR (d.[resource_name] IS NULL AND i.[resource_name] IS NULL)) AND ((d.[description] = i.[description] AND DATALENGTH(d.[description]) = DATALENGTH(i.[description])) OR (d.[description] IS NULL AND i.[description] IS NULL)) AND ((d.[changes] = i.[changes] AND DATALENGTH(d.[changes]) = DATALENGTH(i.[changes])) OR (d.[changes] IS NULL AND i.[changes] IS NULL)) AND ((d.[correlation_id] = i.[correlation_id] AND DATALENGTH(d.[correlation_id]) = DATALENGTH(i.[correlation_id])) OR (d.[correlation_id] IS NULL AND i.[correlation_id] IS NULL)) AND ((d.[tenant_id] = i.[tenant_id] AND DATALENGTH(d.[tenant_id]) = DATALENGTH(i.[tenant_id])) OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND ((d.[metadata] = i.[metadata] AND DATALENGTH(d.[metadata]) = DATALENGTH(i.[metadata])) OR (d.[metadata] IS NULL AND i.[metadata] IS NULL)) AND ((d.[hash] = i.[hash] AND DATALENGTH(d.[hash]) = DATALENGTH(i.[hash])) OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND ((d.[content_digest] = i.[content_digest] AND DATALENGTH(d.[content_digest]) = DATALENGTH(i.[content_digest])) OR (d.[content_digest] IS NULL AND i.[content_digest] IS NULL)) AND (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) OR i.[actor_id] LIKE 'erased-%') AND (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) OR i.[target_user_id] LIKE 'erased-%') AND (((d.[actor_name] = i.[actor_name] AND DATALENGTH(d.[actor_name]) = DATALENGTH(i.[actor_name])) OR (d.[actor_name] IS NULL AND i.[actor_name] IS NULL)) OR (i.[actor_name] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[source_ip] = i.[source_ip] AND DATALENGTH(d.[source_ip]) = DATALENGTH(i.[source_ip])) OR (d.[source_ip] IS NULL AND i.[source_ip] IS NULL)) OR (i.[source_ip] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[source_ip_as_hashed] = i.[source_ip_as_hashed] AND DATALENGTH(d.[source_ip_as_hashed]) = DATALENGTH(i.[source_ip_as_hashed])) OR (d.[source_ip_as_hashed] IS NULL AND i.[source_ip_as_hashed] IS NULL)) OR (i.[source_ip_as_hashed] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[user_agent] = i.[user_agent] AND DATALENGTH(d.[user_agent]) = DATALENGTH(i.[user_agent])) OR (d.[user_agent] IS NULL AND i.[user_agent] IS NULL)) OR (i.[user_agent] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[target_user_name] = i.[target_user_name] AND DATALENGTH(d.[target_user_name]) = DATALENGTH(i.[target_user_name])) OR (d.[target_user_name] IS NULL AND i.[target_user_name] IS NULL)) OR (i.[target_user_name] IS NULL AND (NOT (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL))) AND i.[target_user_id] LIKE 'erased-%'))))) THEN 1 ELSE 0 END = 0)
        THROW 51000, N'audit records are append-only (only a tombstoning or an erasure may rewrite a row)', 1;
END

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 11
-- @description String(4000) = N'Append-only trigger whose erasure clears a person''s fields only where it puts a pseudonym in the place of their id'

-- EXECUTE NON-QUERY (in transaction)
DROP TRIGGER [audit].[audit_events_append_only]

-- EXECUTE NON-QUERY (in transaction)
CREATE TRIGGER [audit].[audit_events_append_only] ON [audit].[audit_events] AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (
        SELECT 1 FROM deleted AS d FULL JOIN inserted AS i ON i.[seq] = d.[seq]
        WHERE CASE WHEN ((d.[tombstone] IS NULL AND i.[tombstone] IS NOT NULL AND i.[content_digest] IS NOT NULL AND ((d.[seq] = i.[seq] AND DATALENGTH(d.[seq]) = DATALENGTH(i.[seq])) OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND ((d.[id] = i.[id] AND DATALENGTH(d.[id]) = DATALENGTH(i.[id])) OR (d.[id] IS NULL AND i.[id] IS NULL)) AND ((d.[occurred_at] = i.[occurred_at] AND DATALENGTH(d.[occurred_at]) = DATALENGTH(i.[occurred_at])) OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND ((d.[recorded_at] = i.[recorded_at] AND DATALENGTH(d.[recorded_at]) = DATALENGTH(i.[recorded_at])) OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND ((d.[actor_type] = i.[actor_type] AND DATALENGTH(d.[actor_type]) = DATALENGTH(i.[actor_type])) OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND ((d.[action] = i.[action] AND DATALENGTH(d.[action]) = DATALENGTH(i.[action])) OR (d.[action] IS NULL AND i.[action] IS NULL)) AND ((d.[action_type] = i.[action_type] AND DATALENGTH(d.[action_type]) = DATALENGTH(i.[action_type])) OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND ((d.[outcome] = i.[outcome] AND DATALENGTH(d.[outcome]) = DATALENGTH(i.[outcome])) OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND ((d.[tenant_id] = i.[tenant_id] AND DATALENGTH(d.[tenant_id]) = DATALENGTH(i.[tenant_id])) OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND ((d.[hash] = i.[hash] AND DATALENGTH(d.[hash]) = DATALENGTH(i.[hash])) OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND ((i.[actor_id] = N'' AND DATALENGTH(i.[actor_id]) = DATALENGTH(N'')) OR (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) AND i.[actor_id] LIKE 'erased-%')) AND (i.[target_user_id] IS NULL OR (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) AND i.[target_user_id] LIKE 'erased-%')) AND (i.[changes] = N'[]' AND DATALENGTH(i.[changes]) = DATALENGTH(N'[]')) AND (i.[metadata] = N'{}' AND DATALENGTH(i.[metadata]) = DATALENGTH(N'{}')) AND i.[actor_name] IS NULL AND i.[failure_reason] IS NULL AND i.[resource_type] IS NULL AND i.[resource_id] IS NULL AND i.[resource_name] IS NULL AND i.[description] IS NULL AND i.[source_ip] IS NULL AND i.[source_ip_as_hashed] IS NULL AND i.[user_agent] IS NULL AND i.[correlation_id] IS NULL AND i.[target_user_name] IS NULL) OR (d.[tombstone] IS NULL AND i.[tombstone] IS NULL AND ((d.[seq] = i.[seq] AND DATALENGTH(d.[seq]) = DATALENGTH(i.[seq])) OR (d.[seq] IS NULL AND i.[seq] IS NULL)) AND ((d.[id] = i.[id] AND DATALENGTH(d.[id]) = DATALENGTH(i.[id])) OR (d.[id] IS NULL AND i.[id] IS NULL)) AND ((d.[occurred_at] = i.[occurred_at] AND DATALENGTH(d.[occurred_at]) = DATALENGTH(i.[occurred_at])) OR (d.[occurred_at] IS NULL AND i.[occurred_at] IS NULL)) AND ((d.[recorded_at] = i.[recorded_at] AND DATALENGTH(d.[recorded_at]) = DATALENGTH(i.[recorded_at])) OR (d.[recorded_at] IS NULL AND i.[recorded_at] IS NULL)) AND ((d.[actor_type] = i.[actor_type] AND DATALENGTH(d.[actor_type]) = DATALENGTH(i.[actor_type])) OR (d.[actor_type] IS NULL AND i.[actor_type] IS NULL)) AND ((d.[action] = i.[action] AND DATALENGTH(d.[action]) = DATALENGTH(i.[action])) OR (d.[action] IS NULL AND i.[action] IS NULL)) AND ((d.[action_type] = i.[action_type] AND DATALENGTH(d.[action_type]) = DATALENGTH(i.[action_type])) OR (d.[action_type] IS NULL AND i.[action_type] IS NULL)) AND ((d.[outcome] = i.[outcome] AND DATALENGTH(d.[outcome]) = DATALENGTH(i.[outcome])) OR (d.[outcome] IS NULL AND i.[outcome] IS NULL)) AND ((d.[failure_reason] = i.[failure_reason] AND DATALENGTH(d.[failure_reason]) = DATALENGTH(i.[failure_reason])) OR (d.[failure_reason] IS NULL AND i.[failure_reason] IS NULL)) AND ((d.[resource_type] = i.[resource_type] AND DATALENGTH(d.[resource_type]) = DATALENGTH(i.[resource_type])) OR (d.[resource_type] IS NULL AND i.[resource_type] IS NULL)) AND ((d.[resource_id] = i.[resource_id] AND DATALENGTH(d.[resource_id]) = DATALENGTH(i.[resource_id])) OR (d.[resource_id] IS NULL AND i.[resource_id] IS NULL)) AND ((d.[resource_name] = i.[resource_name] AND DATALENGTH(d.[resource_name]) = DATALENGTH(i.[resource_name])) OR (d.[resource_name] IS NULL AND i.[resource_name] IS NULL)) AND ((d.[description] = i.[description] AND DATALENGTH(d.[description]) = DATALENGTH(i.[description])) OR (d.[description] IS NULL AND i.[description] IS NULL)) AND ((d.[changes] = i.[changes] AND DATALENGTH(d.[changes]) = DATALENGTH(i.[changes])) OR (d.[changes] IS NULL AND i.[changes] IS NULL)) AND ((d.[correlation_id] = i.[correlation_id] AND DATALENGTH(d.[correlation_id]) = DATALENGTH(i.[correlation_id])) OR (d.[correlation_id] IS NULL AND i.[correlation_id] IS NULL)) AND ((d.[tenant_id] = i.[tenant_id] AND DATALENGTH(d.[tenant_id]) = DATALENGTH(i.[tenant_id])) OR (d.[tenant_id] IS NULL AND i.[tenant_id] IS NULL)) AND ((d.[metadata] = i.[metadata] AND DATALENGTH(d.[metadata]) = DATALENGTH(i.[metadata])) OR (d.[metadata] IS NULL AND i.[metadata] IS NULL)) AND ((d.[hash] = i.[hash] AND DATALENGTH(d.[hash]) = DATALENGTH(i.[hash])) OR (d.[hash] IS NULL AND i.[hash] IS NULL)) AND ((d.[content_digest] = i.[content_digest] AND DATALENGTH(d.[content_digest]) = DATALENGTH(i.[content_digest])) OR (d.[content_digest] IS NULL AND i.[content_digest] IS NULL)) AND (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL)) OR i.[actor_id] LIKE 'erased-%') AND (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL)) OR i.[target_user_id] LIKE 'erased-%') AND (((d.[actor_name] = i.[actor_name] AND DATALENGTH(d.[actor_name]) = DATALENGTH(i.[actor_name])) OR (d.[actor_name] IS NULL AND i.[actor_name] IS NULL)) OR (i.[actor_name] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[source_ip] = i.[source_ip] AND DATALENGTH(d.[source_ip]) = DATALENGTH(i.[source_ip])) OR (d.[source_ip] IS NULL AND i.[source_ip] IS NULL)) OR (i.[source_ip] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[source_ip_as_hashed] = i.[source_ip_as_hashed] AND DATALENGTH(d.[source_ip_as_hashed]) = DATALENGTH(i.[source_ip_as_hashed])) OR (d.[source_ip_as_hashed] IS NULL AND i.[source_ip_as_hashed] IS NULL)) OR (i.[source_ip_as_hashed] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[user_agent] = i.[user_agent] AND DATALENGTH(d.[user_agent]) = DATALENGTH(i.[user_agent])) OR (d.[user_agent] IS NULL AND i.[user_agent] IS NULL)) OR (i.[user_agent] IS NULL AND (NOT (((d.[actor_id] = i.[actor_id] AND DATALENGTH(d.[actor_id]) = DATALENGTH(i.[actor_id])) OR (d.[actor_id] IS NULL AND i.[actor_id] IS NULL))) AND i.[actor_id] LIKE 'erased-%'))) AND (((d.[target_user_name] = i.[target_user_name] AND DATALENGTH(d.[target_user_name]) = DATALENGTH(i.[target_user_name])) OR (d.[target_user_name] IS NULL AND i.[target_user_name] IS NULL)) OR (i.[target_user_name] IS NULL AND (NOT (((d.[target_user_id] = i.[target_user_id] AND DATALENGTH(d.[target_user_id]) = DATALENGTH(i.[target_user_id])) OR (d.[target_user_id] IS NULL AND i.[target_user_id] IS NULL))) AND i.[target_user_id] LIKE 'erased-%'))))) THEN 1 ELSE 0 END = 0)
        THROW 51000, N'audit records are append-only (only a tombstoning or an erasure may rewrite a row)', 1;
END

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 12
-- @description String(4000) = N'Append-only trigger that checks what a tombstone empties exactly, trailing spaces included'

-- EXECUTE NON-QUERY (in transaction)
ALTER TABLE [audit].[audit_trail_holds] ALTER COLUMN actor_id nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL

-- EXECUTE NON-QUERY (in transaction)
INSERT INTO [audit].[audit_trail_schema] (table_name, version, description) VALUES (@tableName, @version, @description)
-- @tableName String(4000) = N'audit_events'
-- @version Int32 = 13
-- @description String(4000) = N'Legal holds: a scope''s actor id as long as a record''s'

-- COMMIT
