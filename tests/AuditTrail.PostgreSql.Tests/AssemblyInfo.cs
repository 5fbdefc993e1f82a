// Skips every test of a class marked [PostgreSqlRequired], the inherited conformance tests included, when no
// server is configured (and CI is not "true"); see Support/PostgreSqlEnvironment.
[assembly: TestFramework("AuditTrail.Conformance.Support.StoreTestFramework", "AuditTrail.Conformance")]
