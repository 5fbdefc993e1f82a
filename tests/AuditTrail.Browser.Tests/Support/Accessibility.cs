using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace AuditTrail.Browser.Tests.Support;

/// <summary>Runs axe-core (Deque.AxeCore.Playwright) on the page as it is and fails on any violation, naming each one.</summary>
internal static class Accessibility
{
    public static async Task ShouldHaveNoViolationsAsync(IPage page, string view)
    {
        var result = await page.RunAxe();

        var violations = result.Violations
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at " +
                string.Join(", ", violation.Nodes.Select(node => node.Html)))
            .ToList();
        violations.Should().BeEmpty($"axe finds no WCAG violation in the {view} view");
        result.Passes.Should().NotBeEmpty("axe ran its rules on the {0} view", view);
    }
}
