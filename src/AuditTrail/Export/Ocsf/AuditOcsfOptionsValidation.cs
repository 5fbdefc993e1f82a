namespace AuditTrail;

/// <summary>The checks of <see cref="AuditTrailOptions.Ocsf"/>, each problem named by its option.</summary>
internal static class AuditOcsfOptionsValidation
{
    public static void Collect(List<string> errors, AuditOcsfOptions options)
    {
        const string prefix = "AuditTrailOptions.Ocsf";
        if (string.IsNullOrWhiteSpace(options.ProductName))
        {
            errors.Add($"{prefix}.ProductName is empty; it is every event's metadata.product.name.");
        }

        if (string.IsNullOrWhiteSpace(options.VendorName))
        {
            errors.Add($"{prefix}.VendorName is empty; it is every event's metadata.product.vendor_name.");
        }

        foreach (var (action, activity) in options.Actions)
        {
            var name = $"{prefix}.Actions[\"{action}\"]";
            if (string.IsNullOrWhiteSpace(action))
            {
                errors.Add($"{prefix}.Actions has an empty action code; map actions by their code.");
            }
            else if (activity is null)
            {
                errors.Add($"{name} is null; give it an AuditOcsfActivity.");
            }
            else if (!Enum.IsDefined(activity.Class))
            {
                errors.Add($"{name}.Class is {(int)activity.Class}; it must be one of {string.Join(", ", Enum.GetNames<AuditOcsfClass>())}.");
            }
            else if (activity.ActivityId < 0)
            {
                errors.Add($"{name}.ActivityId is {activity.ActivityId}; OCSF activity ids are 0 or more.");
            }
            else if (activity.ActivityName is { } activityName && string.IsNullOrWhiteSpace(activityName))
            {
                errors.Add($"{name}.ActivityName is empty; leave it null for the class's own name.");
            }
            else if (AuditOcsfCatalog.ActivityName(activity) is null)
            {
                var known = string.Join(", ", AuditOcsfCatalog.Activities[activity.Class].OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}"));
                errors.Add($"{name}.ActivityId {activity.ActivityId} is not an activity of {AuditOcsfCatalog.ClassName(activity.Class)} ({known}); name it with ActivityName.");
            }
        }
    }
}
