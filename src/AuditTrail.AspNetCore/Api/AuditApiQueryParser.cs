using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AuditTrail.AspNetCore;

/// <summary>The query string parameters of the HTTP API.</summary>
internal static class AuditApiParameters
{
    public const string Type = "type";
    public const string Action = "action";
    public const string User = "user";
    public const string TargetUser = "targetUser";
    public const string ResourceType = "resourceType";
    public const string ResourceId = "resourceId";
    public const string Outcome = "outcome";
    public const string From = "from";
    public const string To = "to";
    public const string Search = "q";
    public const string Ip = "ip";
    public const string Correlation = "correlation";
    public const string Limit = "limit";
    public const string Cursor = "cursor";
    public const string Id = "id";
    public const string Ids = "ids";

    /// <summary>
    /// Every query parameter of the filtered reads (<c>events</c>, <c>count</c>, <c>histogram</c>, the exports), each
    /// endpoint ignoring those of the others (<c>limit</c> on an export, <c>bucket</c> on a count) but <c>ids</c>, which only <c>events</c> takes. Any other name is a
    /// typo, refused so that it never silently widens a filter or an export. Case-insensitive, as ASP.NET Core reads them.
    /// </summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(
        [
            Type, Action, User, TargetUser, ResourceType, ResourceId, Outcome, From, To, Search, Ip, Correlation, Limit, Cursor, Ids,
            AuditApiHandlers.AtMostParameter, AuditApiHandlers.TimeLimitParameter, AuditApiHandlers.BucketParameter,
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps an <see cref="AuditQuery"/> property name, as the reader names it in an <see cref="ArgumentException"/>, to its parameter.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ByQueryProperty { get; } =
    [
        // Longest first, so that "ResourceType" is found before "Type"-like substrings.
        new(nameof(AuditQuery.CorrelationId), Correlation),
        new(nameof(AuditQuery.TargetUserId), TargetUser),
        new(nameof(AuditQuery.ResourceType), ResourceType),
        new(nameof(AuditQuery.ActionTypes), Type),
        new(nameof(AuditQuery.ResourceId), ResourceId),
        new(nameof(AuditQuery.ActorIds), User),
        new(nameof(AuditQuery.SourceIp), Ip),
        new(nameof(AuditQuery.Outcome), Outcome),
        new(nameof(AuditQuery.Actions), Action),
        new(nameof(AuditQuery.Search), Search),
        new(nameof(AuditQuery.Cursor), Cursor),
        new(nameof(AuditQuery.Limit), Limit),
        new(nameof(AuditQuery.From), From),
        new(nameof(AuditQuery.To), To),
    ];
}

/// <summary>One invalid query parameter and why.</summary>
internal sealed record AuditApiParameterError(string Parameter, string Message);

/// <summary>A parsed request: the query for the reader and its filter as audit metadata.</summary>
internal sealed record AuditApiRequest(AuditQuery Query, IReadOnlyDictionary<string, string> FilterMetadata);

/// <summary>
/// Parses the API's query string strictly: every malformed value is an error naming its parameter, so that a
/// typo never silently widens a filter or an export.
/// </summary>
internal static class AuditApiQueryParser
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Parses the query string. <paramref name="sourceIps"/> turns the <c>ip</c> filter into the form it is recorded in, never the raw address when the trail pseudonymises addresses.</summary>
    public static AuditApiRequest? Parse(IQueryCollection query, bool paging, IAuditSourceIpPseudonymizer sourceIps, out AuditApiParameterError? error)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        error = null;
        if (query.Keys.FirstOrDefault(key => !AuditApiParameters.Known.Contains(key)) is { } unknown)
        {
            error = new AuditApiParameterError(unknown, $"'{unknown}' is not a parameter of the audit API; the filters are {string.Join(", ", Filters)}.");
            return null;
        }

        // api/events answers ids= itself before parsing filters; anywhere else it would be ignored, and an export or
        // count of the few records named would silently hold the whole trail.
        if (query.ContainsKey(AuditApiParameters.Ids))
        {
            error = new AuditApiParameterError(AuditApiParameters.Ids, $"'{AuditApiParameters.Ids}' names records for api/events only; this endpoint takes the filters {string.Join(", ", Filters)}.");
            return null;
        }

        if (!TryList<AuditActionType>(query, AuditApiParameters.Type, ParseActionType, out var types, ref error)
            || !TryList<string>(query, AuditApiParameters.Action, ParseCode, out var actions, ref error)
            || !TryList<string>(query, AuditApiParameters.User, ParseCode, out var users, ref error)
            || !TrySingle<string>(query, AuditApiParameters.TargetUser, ParseCode, out var targetUser, ref error)
            || !TrySingle<string>(query, AuditApiParameters.ResourceType, ParseCode, out var resourceType, ref error)
            || !TrySingle<string>(query, AuditApiParameters.ResourceId, ParseCode, out var resourceId, ref error)
            || !TrySingle<AuditOutcome?>(query, AuditApiParameters.Outcome, ParseOutcome, out var outcome, ref error)
            || !TrySingle<DateTimeOffset?>(query, AuditApiParameters.From, AuditApiInstant.TryParse, out var from, ref error)
            || !TrySingle<DateTimeOffset?>(query, AuditApiParameters.To, AuditApiInstant.TryParse, out var to, ref error)
            || !TrySingle<string>(query, AuditApiParameters.Search, ParseSearch, out var search, ref error)
            || !TrySingle<string>(query, AuditApiParameters.Ip, ParseIp, out var ip, ref error)
            || !TrySingle<string>(query, AuditApiParameters.Correlation, ParseCode, out var correlation, ref error))
        {
            return null;
        }

        if (from is not null && to is not null && from.Value > to.Value)
        {
            error = new AuditApiParameterError(AuditApiParameters.From, "'from' must not be later than 'to'.");
            return null;
        }

        int? limit = null;
        string? cursor = null;
        if (paging)
        {
            if (!TrySingle<int?>(query, AuditApiParameters.Limit, ParseLimit, out var parsedLimit, ref error)
                || !TrySingle<string>(query, AuditApiParameters.Cursor, ParseCode, out cursor, ref error))
            {
                return null;
            }

            limit = parsedLimit;
        }

        AddList(metadata, AuditApiParameters.Type, types?.Select(type => type.ToString()));
        AddList(metadata, AuditApiParameters.Action, actions);
        AddList(metadata, AuditApiParameters.User, users);
        Add(metadata, AuditApiParameters.TargetUser, targetUser);
        Add(metadata, AuditApiParameters.ResourceType, resourceType);
        Add(metadata, AuditApiParameters.ResourceId, resourceId);
        Add(metadata, AuditApiParameters.Outcome, outcome?.ToString());
        Add(metadata, AuditApiParameters.From, from?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(metadata, AuditApiParameters.To, to?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(metadata, AuditApiParameters.Search, search);
        Add(metadata, AuditApiParameters.Ip, sourceIps.Pseudonymize(ip));
        Add(metadata, AuditApiParameters.Correlation, correlation);

        return new AuditApiRequest(
            new AuditQuery
            {
                ActionTypes = types,
                Actions = actions,
                ActorIds = users,
                TargetUserId = targetUser,
                ResourceType = resourceType,
                ResourceId = resourceId,
                Outcome = outcome,
                From = from,
                To = to,
                Search = search,
                SourceIp = ip,
                CorrelationId = correlation,
                Limit = limit,
                Cursor = cursor,
            },
            metadata);
    }

    public static string MetadataKey(string parameter) => "filter." + parameter;

    private static readonly string[] Filters =
    [
        AuditApiParameters.Type, AuditApiParameters.Action, AuditApiParameters.User, AuditApiParameters.TargetUser,
        AuditApiParameters.ResourceType, AuditApiParameters.ResourceId, AuditApiParameters.Outcome, AuditApiParameters.From,
        AuditApiParameters.To, AuditApiParameters.Search, AuditApiParameters.Ip, AuditApiParameters.Correlation,
    ];

    private static void Add(SortedDictionary<string, string> metadata, string parameter, string? value)
    {
        if (value is not null)
        {
            metadata[MetadataKey(parameter)] = value;
        }
    }

    private static void AddList(SortedDictionary<string, string> metadata, string parameter, IEnumerable<string>? values)
    {
        if (values is not null)
        {
            metadata[MetadataKey(parameter)] = string.Join(',', values);
        }
    }

    private delegate bool ValueParser<T>(string value, out T result, out string? problem);

    private static bool TryList<T>(
        IQueryCollection query, string name, ValueParser<T> parse, out IReadOnlyList<T>? values, ref AuditApiParameterError? error)
    {
        values = null;
        if (!query.TryGetValue(name, out var raw) || StringValues.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (raw.Count > AuditQuery.MaxListValues)
        {
            error = new AuditApiParameterError(name, $"'{name}' may be given at most {AuditQuery.MaxListValues} times.");
            return false;
        }

        var list = new List<T>(raw.Count);
        foreach (var item in raw)
        {
            if (string.IsNullOrEmpty(item))
            {
                continue;
            }

            if (!parse(item, out var value, out var problem))
            {
                error = new AuditApiParameterError(name, $"'{name}': {problem}");
                return false;
            }

            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }

        values = list.Count == 0 ? null : list;
        return true;
    }

    private static bool TrySingle<T>(
        IQueryCollection query, string name, ValueParser<T> parse, out T? value, ref AuditApiParameterError? error)
    {
        value = default;
        if (!query.TryGetValue(name, out var raw) || StringValues.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (raw.Count > 1)
        {
            error = new AuditApiParameterError(name, $"'{name}' may be given only once.");
            return false;
        }

        var text = raw.ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!parse(text, out var parsed, out var problem))
        {
            error = new AuditApiParameterError(name, $"'{name}': {problem}");
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool ParseCode(string value, out string result, out string? problem)
    {
        result = value;
        problem = string.IsNullOrWhiteSpace(value) ? "must not be blank." : null;
        return problem is null;
    }

    private static bool ParseSearch(string value, out string result, out string? problem)
    {
        result = value;
        problem = value.Length > AuditQuery.MaxSearchLength
            ? $"must be at most {AuditQuery.MaxSearchLength} characters."
            : null;
        return problem is null;
    }

    private static bool ParseActionType(string value, out AuditActionType result, out string? problem) =>
        ParseName(value, out result, out problem);

    private static bool ParseOutcome(string value, out AuditOutcome? result, out string? problem)
    {
        var ok = ParseName(value, out AuditOutcome outcome, out problem);
        result = ok ? outcome : null;
        return ok;
    }

    /// <summary>Accepts enum names only, case-insensitively: never numbers, which Enum.TryParse would also take.</summary>
    private static bool ParseName<TEnum>(string value, out TEnum result, out string? problem)
        where TEnum : struct, Enum
    {
        if (AuditEnumNames.TryParseIgnoreCase(value.Trim(), out result))
        {
            problem = null;
            return true;
        }

        problem = $"'{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.";
        return false;
    }

    /// <summary>An address, or a value the trail stored under <see cref="AuditIpPseudonymizationMode.KeyedHash"/> (<c>hmac:</c> and 32 hex digits), which the core keeps as it is.</summary>
    private static bool ParseIp(string value, out string result, out string? problem)
    {
        var text = value.Trim();
        if (AuditIpAddress.TryParse(text, out var address))
        {
            result = AuditIpAddress.Format(address);
            problem = null;
            return true;
        }

        if (IsKeyedHash(text))
        {
            result = text.ToLowerInvariant();
            problem = null;
            return true;
        }

        result = string.Empty;
        problem = $"'{value}' is not an IPv4 or IPv6 address, nor a pseudonymised address ({AuditIpPseudonymizationOptions.KeyedHashPrefix} and {AuditIpPseudonymizationOptions.KeyedHashHexDigits} hex digits).";
        return false;
    }

    private static bool IsKeyedHash(string text)
    {
        const string prefix = AuditIpPseudonymizationOptions.KeyedHashPrefix;
        return text.Length == prefix.Length + AuditIpPseudonymizationOptions.KeyedHashHexDigits
            && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && !text.AsSpan(prefix.Length).ContainsAnyExcept(HexDigits);
    }

    private static bool ParseLimit(string value, out int? result, out string? problem)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 and <= AuditQuery.MaxLimit)
        {
            result = limit;
            problem = null;
            return true;
        }

        result = null;
        problem = $"must be a whole number from 1 to {AuditQuery.MaxLimit}.";
        return false;
    }
}
