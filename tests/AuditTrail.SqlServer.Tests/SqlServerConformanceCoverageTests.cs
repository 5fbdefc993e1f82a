using AuditTrail.Conformance;

namespace AuditTrail.SqlServer.Tests;

/// <summary>Fails if this assembly leaves a part of the conformance suite without a concrete test class.</summary>
public sealed class SqlServerConformanceCoverageTests : AuditConformanceCoverageTests;
