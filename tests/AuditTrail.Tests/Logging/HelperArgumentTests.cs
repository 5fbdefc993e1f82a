using System.Reflection;

namespace AuditTrail.Tests.Logging;

/// <summary>
/// Every helper of <see cref="AuditLoggerExtensions"/> answers a null where a value is required with <see cref="ArgumentNullException"/>
/// naming it, and a helper about a user account a user without an id with <see cref="ArgumentException"/> naming the user.
/// </summary>
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

    public static TheoryData<string, string?> UserAccountsWithoutAnId()
    {
        var data = new TheoryData<string, string?>();
        foreach (var helper in new[] { "password", "mfa_on", "mfa_off", "role", "permission", "created", "deactivated" })
        {
            foreach (var id in new[] { null, "", "   " })
            {
                data.Add(helper, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UserAccountsWithoutAnId))]
    public async Task UserAccountHelper_UserWithoutAnId_ThrowsArgumentExceptionNamingTheUser_AndLogsNothing(string helper, string? id)
    {
        // Without an id the record has no target user: the person it is about would never see it.
        var logger = new CountingLogger();
        var user = new AuditResource("user", id, "Mike Johnson");
        Func<Task> act = helper switch
        {
            "password" => () => logger.PasswordChangedAsync(user),
            "mfa_on" => () => logger.MfaEnabledAsync(user),
            "mfa_off" => () => logger.MfaDisabledAsync(user),
            "role" => () => logger.RoleChangedAsync(user, "user", "admin"),
            "permission" => () => logger.PermissionChangedAsync(user, "servers:write", granted: true),
            "created" => () => logger.AccountCreatedAsync(user, "user"),
            _ => () => logger.AccountDeactivatedAsync(user),
        };

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(helper == "permission" ? "subject" : "user");
        logger.Logged.Should().Be(0);
    }

    [Fact]
    public async Task PermissionChangedAsync_OnARoleWithoutAnId_IsRecorded()
    {
        var logger = new CountingLogger();

        await logger.PermissionChangedAsync(new AuditResource("role", null, "Operators"), "servers:write", granted: true);

        logger.Logged.Should().Be(1);
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

    private sealed class CountingLogger : IAuditLogger
    {
        public int Logged { get; private set; }

        public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            Logged++;
            return Task.FromResult(Guid.NewGuid());
        }
    }

    private sealed class DiscardingLogger : IAuditLogger
    {
        public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => Task.FromResult(Guid.NewGuid());
    }
}
