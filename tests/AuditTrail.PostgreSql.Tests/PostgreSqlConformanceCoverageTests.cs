using AuditTrail.Conformance;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Fails if this assembly leaves a part of the conformance suite without a concrete test class.</summary>
public sealed class PostgreSqlConformanceCoverageTests : AuditConformanceCoverageTests;
