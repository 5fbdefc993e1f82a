namespace AuditTrail.Browser.Tests.Support;

/// <summary>Where the browser is and whether a missing one skips (locally) or fails (under CI).</summary>
internal static class Chromium
{
    /// <summary>Debian's Chromium, which <c>.ci/run</c> installs (<c>apt-get install chromium</c>).</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Chromium is not installed at {ExecutablePath} (apt-get install chromium). The browser tests skip without it locally and fail under CI=true.";
}

/// <summary>
/// A fact that drives a real browser: skipped with a clear reason when Chromium is missing, except under
/// <c>CI=true</c>, where the test runs and fails, so a CI machine without a browser cannot pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsContinuousIntegration)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
