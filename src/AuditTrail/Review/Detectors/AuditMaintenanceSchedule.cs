namespace AuditTrail;

/// <summary>The declared maintenance windows, resolved: whether an instant falls in one of them, daylight saving included.</summary>
internal sealed class AuditMaintenanceSchedule
{
    private readonly (AuditMaintenanceWindow Window, TimeZoneInfo Zone)[] _weekly;
    private readonly AuditMaintenancePeriod[] _oneOff;

    public AuditMaintenanceSchedule(AuditMaintenanceOptions options)
    {
        _weekly = [.. options.Weekly.Select(w => (w, TimeZoneInfo.FindSystemTimeZoneById(w.TimeZoneId)))];
        _oneOff = [.. options.OneOff];
    }

    /// <summary>Whether any window is declared at all.</summary>
    public bool IsEmpty => _weekly.Length == 0 && _oneOff.Length == 0;

    public bool IsOpen(DateTimeOffset instant)
    {
        foreach (var period in _oneOff)
        {
            if (instant >= period.From && instant < period.To)
            {
                return true;
            }
        }

        foreach (var (window, zone) in _weekly)
        {
            var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

            // A window lasts at most 7 days, so it opened on one of the last 8 local dates if it is open now.
            for (var back = 0; back <= 7; back++)
            {
                var date = localDate.AddDays(-back);
                if (date.DayOfWeek != window.Day)
                {
                    continue;
                }

                var opens = ToUtc(date.ToDateTime(window.Start), zone);
                if (instant >= opens && instant < opens + window.Duration)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A local wall-clock time in <paramref name="zone"/> as an instant; a time the clocks skip opens when they resume.</summary>
    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(15);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
