// Skips every test of a class marked [SqlServerRequired], the inherited conformance tests included, unless
// AUDITTRAIL_SQLSERVER_CONNECTION is set and a provider is loaded; see Support/SqlServerEnvironment.
[assembly: TestFramework("AuditTrail.Conformance.Support.StoreTestFramework", "AuditTrail.Conformance")]
