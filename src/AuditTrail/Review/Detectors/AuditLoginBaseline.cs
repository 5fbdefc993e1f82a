namespace AuditTrail;

/// <summary>
/// One user's successful logins of the baseline period, with running counts by local hour, network, client and
/// country, so that comparing a login with them costs the same whatever the number of logins.
/// </summary>
internal sealed class AuditLoginBaseline
{
    private readonly Queue<Mark> _marks = new();
    private readonly int[] _hours = new int[24];
    private readonly Dictionary<string, int> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _countries = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _marks.Count;

    public DateTimeOffset Last { get; private set; }

    public void Add(Mark mark)
    {
        _marks.Enqueue(mark);
        Last = mark.Time;
        _hours[mark.Hour]++;
        Tally(_networks, mark.Network, +1);
        Tally(_clients, mark.Client, +1);
        Tally(_countries, mark.Country, +1);
    }

    /// <summary>Forgets logins before <paramref name="since"/>, and the oldest beyond <paramref name="max"/>.</summary>
    public void Trim(DateTimeOffset since, int max)
    {
        while (_marks.Count > 0 && (_marks.Peek().Time < since || _marks.Count >= max))
        {
            var mark = _marks.Dequeue();
            _hours[mark.Hour]--;
            Tally(_networks, mark.Network, -1);
            Tally(_clients, mark.Client, -1);
            Tally(_countries, mark.Country, -1);
        }
    }

    /// <summary>Whether a login fell within <paramref name="margin"/> hours of <paramref name="hour"/> on the clock face.</summary>
    public bool HasHourNear(int hour, int margin)
    {
        for (var offset = -margin; offset <= margin; offset++)
        {
            if (_hours[((hour + offset) % 24 + 24) % 24] > 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool HasNetwork(string network) => _networks.ContainsKey(network);

    public bool HasClient(string client) => _clients.ContainsKey(client);

    public bool HasCountry(string country) => _countries.ContainsKey(country);

    private static void Tally(Dictionary<string, int> counts, string? key, int delta)
    {
        if (key is null)
        {
            return;
        }

        var count = counts.GetValueOrDefault(key) + delta;
        if (count > 0)
        {
            counts[key] = count;
        }
        else
        {
            counts.Remove(key);
        }
    }

    /// <summary>One login: when, its local hour, and where from.</summary>
    public readonly record struct Mark(DateTimeOffset Time, int Hour, string? Network, string? Client, string? Country);
}
