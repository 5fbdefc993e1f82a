namespace AuditTrail.Browser.Tests.Support;

/// <summary>
/// One PNG per view the browser tests show, in <c>artifacts/screenshots/</c> of the repository (see
/// <see cref="Artifacts"/>; docs/viewer.md), so that a change in look shows in review.
/// </summary>
internal static class Screenshots
{
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Artifacts.Folder("screenshots"), name + ".png");
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        new FileInfo(path).Length.Should().BeGreaterThan(0, "the screenshot of {0} was written", name);
        return path;
    }
}
