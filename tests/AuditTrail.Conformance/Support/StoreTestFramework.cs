using System.ComponentModel;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AuditTrail.Conformance.Support;

/// <summary>
/// xunit's own test framework, plus one rule: every test of a class marked with a <see cref="StoreAvailabilityAttribute"/>
/// whose <see cref="StoreAvailabilityAttribute.SkipReason"/> is set is reported as skipped with that reason.
/// The conformance suite's tests are plain <c>[Fact]</c>s declared on an abstract base class, so a server store's
/// test project cannot skip them with a custom fact attribute; it opts in with
/// <c>[assembly: TestFramework("AuditTrail.Conformance.Support.StoreTestFramework", "AuditTrail.Conformance")]</c>.
/// </summary>
public sealed class StoreTestFramework : XunitTestFramework
{
    /// <summary>Created by xunit.</summary>
    /// <param name="messageSink">Where diagnostic messages go.</param>
    public StoreTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var skipReason = testMethod.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<StoreAvailabilityAttribute>(inherit: true)?.SkipReason;
            if (skipReason is null || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            // One skipped entry per method, theories included, as xunit reports a skipped [Theory].
            var testCase = new SkippedTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skipReason);
            return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
        }
    }
}

/// <summary>A test that <see cref="StoreTestFramework"/> reports as skipped, with the reason its class gave.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _skipReason = string.Empty;

    /// <summary>For xunit's deserializer only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    /// <summary>Creates the skipped test.</summary>
    /// <param name="diagnosticMessageSink">Where diagnostic messages go.</param>
    /// <param name="defaultMethodDisplay">How test names are displayed.</param>
    /// <param name="defaultMethodDisplayOptions">Options of the test name display.</param>
    /// <param name="testMethod">The test method.</param>
    /// <param name="skipReason">Why it is skipped.</param>
    public SkippedTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, string skipReason)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        _skipReason = skipReason;
    }

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("StoreSkipReason", _skipReason);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _skipReason = data.GetValue<string>("StoreSkipReason");
        base.Deserialize(data);
    }

    /// <inheritdoc />
    protected override void Initialize()
    {
        base.Initialize();
        SkipReason = _skipReason;
    }
}
