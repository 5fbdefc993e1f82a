namespace AuditTrail;

/// <summary>
/// Builds argument errors whose parameter name is a path the caller recognises (<c>query.Limit</c>,
/// <c>auditEvent</c>), which is not always a parameter of the method that detects the problem.
/// </summary>
internal static class Errors
{
    public static ArgumentException Argument(string parameter, string message) => new(message, parameter);
}
