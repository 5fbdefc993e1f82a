namespace AuditTrail;

/// <summary>
/// Whether a time zone id of the review's options names a zone this process can resolve, and if not, why: a process
/// without ICU (InvariantGlobalization, <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1</c>) knows the IANA ids of its time
/// zone database but cannot convert a Windows id to one, so it is told to use the IANA id rather than an id of a kind
/// it was just given.
/// </summary>
internal static class AuditTimeZoneIdCheck
{
    /// <summary>Whether this process converts between Windows and IANA ids (it cannot without ICU).</summary>
    public static bool ConvertsWindowsIds { get; } = TimeZoneInfo.TryConvertIanaIdToWindowsId("Europe/Berlin", out _);

    /// <summary>The error for <paramref name="id"/> given as <paramref name="name"/>, or <see langword="null"/> when it resolves.</summary>
    public static string? Problem(string name, string? id) => Problem(name, id, ConvertsWindowsIds);

    /// <summary>As <see cref="Problem(string, string?)"/>, with whether the process converts Windows ids given.</summary>
    public static string? Problem(string name, string? id, bool convertsWindowsIds)
    {
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
        {
            return null;
        }

        return convertsWindowsIds || string.IsNullOrWhiteSpace(id) || id.Contains('/', StringComparison.Ordinal)
            ? $"{name} is '{id}', which is not a time zone this system knows (use an IANA or Windows id)."
            : $"{name} is '{id}', which is not a time zone this system knows: this process runs without ICU " +
              "(InvariantGlobalization, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT), so it cannot convert a Windows id; " +
              "use the zone's IANA id (for example Europe/Berlin for W. Europe Standard Time).";
    }
}
