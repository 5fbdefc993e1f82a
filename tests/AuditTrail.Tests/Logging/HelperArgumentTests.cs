using System.Reflection;

namespace AuditTrail.Tests.Logging;

/// <summary>Every helper of <see cref="AuditLoggerExtensions"/> answers a null where a value is required with <see cref="ArgumentNullException"/> naming it.</summary>
public sealed class HelperArgumentTests
{
    public static TheoryData<string, string> RequiredArguments()
    {
        var data = new TheoryData<string, string>();
        var nullability = new NullabilityInfoContext();
        foreach (var method in Helpers())
        {
            foreach (var parameter in method.GetParameters())
            {
                if (!parameter.ParameterType.IsValueType && nullability.Create(parameter).WriteState != NullabilityState.Nullable)
                {
                    data.Add(method.Name, parameter.Name!);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredArguments))]
    public async Task Helper_NullForARequiredArgument_ThrowsArgumentNullExceptionNamingIt(string helper, string parameter)
    {
        foreach (var method in Helpers().Where(m => m.Name == helper))
        {
            var arguments = method.GetParameters()
                .Select(p => p.Name == parameter ? null : ValueFor(p.ParameterType))
                .ToArray();

            var act = async () =>
            {
                try
                {
                    await (Task<Guid>)method.Invoke(null, arguments)!;
                }
                catch (TargetInvocationException wrapped)
                {
                    throw wrapped.InnerException!;
                }
            };

            (await act.Should().ThrowAsync<ArgumentNullException>($"{helper} was given a null {parameter}"))
                .Which.ParamName.Should().Be(parameter);
        }
    }

    [Fact]
    public void RequiredArguments_CoverEveryHelper() =>
        RequiredArguments().Select(row => (string)row[0]).Distinct().Should().BeEquivalentTo(Helpers().Select(m => m.Name).Distinct());

    private static IEnumerable<MethodInfo> Helpers() =>
        typeof(AuditLoggerExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(Task<Guid>));

    private static object? ValueFor(Type type) => type switch
    {
        _ when type == typeof(IAuditLogger) => new DiscardingLogger(),
        _ when type == typeof(AuditResource) => new AuditResource("user", "u-1", "Mike"),
        _ when type == typeof(AuditActor) => AuditActor.User("u-1", "Mike"),
        _ when type == typeof(string) => "text",
        _ when type == typeof(bool) => true,
        _ when type == typeof(CancellationToken) => CancellationToken.None,
        _ when type == typeof(IReadOnlyList<AuditFieldChange>) => new[] { new AuditFieldChange("role", "user", "admin") },
        _ => throw new NotSupportedException($"No test value for {type}."),
    };

    private sealed class DiscardingLogger : IAuditLogger
    {
        public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => Task.FromResult(Guid.NewGuid());
    }
}
