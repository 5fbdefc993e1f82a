namespace AuditTrail;

/// <summary>
/// The declared maintenance windows, resolved: whether an instant falls in one of them, daylight saving included. The
/// windows of the week ahead of the last instant asked about are resolved once and kept, since the detectors ask in
/// time order.
/// </summary>
internal sealed class AuditMaintenanceSchedule
{
    /// <summary>How far ahead of an instant the resolved windows reach.</summary>
    private static readonly TimeSpan Span = TimeSpan.FromDays(7);

    private readonly (AuditMaintenanceWindow Window, TimeZoneInfo Zone)[] _weekly;
    private readonly AuditMaintenancePeriod[] _oneOff;
    private readonly List<(DateTimeOffset From, DateTimeOffset To)> _resolved = [];
    private DateTimeOffset _resolvedFrom = DateTimeOffset.MaxValue;
    private DateTimeOffset _resolvedTo = DateTimeOffset.MinValue;

    public AuditMaintenanceSchedule(AuditMaintenanceOptions options)
    {
        _weekly = [.. options.Weekly.Select(w => (w, TimeZoneInfo.FindSystemTimeZoneById(w.TimeZoneId)))];
        _oneOff = [.. options.OneOff];
    }

    /// <summary>Whether any window is declared at all.</summary>
    public bool IsEmpty => _weekly.Length == 0 && _oneOff.Length == 0;

    public bool IsOpen(DateTimeOffset instant)
    {
        if (instant < _resolvedFrom || instant >= _resolvedTo)
        {
            Resolve(instant, instant > DateTimeOffset.MaxValue - Span ? DateTimeOffset.MaxValue : instant + Span);
        }

        foreach (var (from, to) in _resolved)
        {
            if (instant >= from && (instant < to || to == DateTimeOffset.MaxValue))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps every window open at some time in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private void Resolve(DateTimeOffset from, DateTimeOffset to)
    {
        _resolved.Clear();
        _resolvedFrom = from;
        _resolvedTo = to;
        foreach (var period in _oneOff)
        {
            Keep(period.From, period.To);
        }

        foreach (var (window, zone) in _weekly)
        {
            // A window lasts at most 7 days, so one open at `from` opened on one of the 8 local dates before it; the
            // dates stop at the calendar's ends, where a window is cut (a record's OccurredAt may be any instant).
            var first = AddDays(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime), -8);
            var last = AddDays(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime), 1);
            for (var date = first; ; date = date.AddDays(1))
            {
                if (date.DayOfWeek == window.Day)
                {
                    var opens = ToUtc(date.ToDateTime(window.Start), zone);
                    Keep(opens, AuditReviewTime.After(opens, window.Duration));
                }

                if (date >= last)
                {
                    break;
                }
            }
        }

        void Keep(DateTimeOffset opens, DateTimeOffset closes)
        {
            // A window cut at the calendar's end holds its last instant too.
            if (opens < to && (closes > from || closes == DateTimeOffset.MaxValue))
            {
                _resolved.Add((opens, closes));
            }
        }
    }

    /// <summary>A local wall-clock time in <paramref name="zone"/> as an instant; a time the clocks skip opens when they resume, one they repeat the first time.</summary>
    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // The clocks resume on a whole minute (every zone's transitions are at whole minutes): the first valid one after.
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = new DateTime(unspecified.Ticks - (unspecified.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified).AddMinutes(1);
        }

        // A time the clocks read twice opens the first time: with the larger offset, the one before they go back.
        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);

        // Near the calendar's ends the instant can lie beyond it (00:00 on its first day, 14 hours ahead of UTC): cut there.
        var utcTicks = unspecified.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks ? DateTimeOffset.MinValue
            : utcTicks > DateTime.MaxValue.Ticks ? DateTimeOffset.MaxValue
            : new DateTimeOffset(unspecified, offset);
    }

    private static DateOnly AddDays(DateOnly date, int days) =>
        date.DayNumber + days < DateOnly.MinValue.DayNumber ? DateOnly.MinValue
        : date.DayNumber + days > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue
        : date.AddDays(days);
}
