using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AuditTrail.Tests.Support;

/// <summary>Runs LibreOffice Calc headless: a CSV converted to flat ODS with a given separator, its formula cells read back.</summary>
internal static partial class LibreOffice
{
    public const string Executable = "/usr/bin/soffice";

    public static bool IsInstalled => File.Exists(Executable);

    public static bool IsContinuousIntegration => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string MissingMessage = "LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui); under CI=true this fails instead.";

    public static async Task<IReadOnlyList<string>> FormulaCellsAsync(string csv, int separator, TemporaryDirectory directory)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(MissingMessage);
        }

        var output = directory.Combine($"out-{separator}");
        var profile = new Uri(directory.Combine($"profile-{separator}")).AbsoluteUri;

        // Tokens: separator, quote, UTF-8, first line 1, no column formats, en-US, quoted fields not forced to text, and
        // "evaluate formulas" on (the last token): what a user's import may do.
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                $"-env:UserInstallation={profile}", "--headless", "--norestore",
                $"--infilter=CSV:{separator},34,76,1,,1033,false,false,false,false,false,-1,true",
                "--convert-to", "fods", "--outdir", output, csv,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var converted = Path.Combine(output, Path.GetFileNameWithoutExtension(csv) + ".fods");
        File.Exists(converted).Should().BeTrue($"soffice converted the file (exit {process.ExitCode}: {await stdout} {await stderr})");

        var document = await File.ReadAllTextAsync(converted);
        document.Should().Contain("<table:table-cell", "the converted sheet has cells");
        return [.. FormulaAttribute().Matches(document).Select(match => match.Groups[1].Value)];
    }

    [GeneratedRegex("table:formula=\"([^\"]*)\"")]
    private static partial Regex FormulaAttribute();
}
