namespace AuditTrail.AspNetCore;

/// <summary>A page of records, serialized through <see cref="AuditApiJsonContext"/>: the same record shape as the JSON Lines export.</summary>
internal sealed record AuditPageResponse(IReadOnlyList<AuditRecord> Items, string? NextCursor);

/// <summary>Who the API thinks is reading; the viewer page shows the User filter only to an admin, and the Review tab only when <paramref name="CanReview"/> (an admin, with the review registered).</summary>
internal sealed record AuditViewerResponse(string Id, string? DisplayName, bool IsAdmin, bool CanReview);

/// <summary>The values the reader may filter on, and who reads.</summary>
internal sealed record AuditFacetsResponse(
    IReadOnlyList<AuditActor> Actors,
    IReadOnlyList<AuditActionType> ActionTypes,
    IReadOnlyList<string> Actions,
    AuditViewerResponse Viewer);

/// <summary>A record's place in the hash chain, for an admin of every tenant: its sequence number and its hash in lower-case hex.</summary>
internal sealed record AuditChainPositionResponse(long Sequence, string Hash);

/// <summary>
/// The answer of <c>api/count</c>: <paramref name="Count"/> records match, or, when <paramref name="IsLowerBound"/>, at
/// least that many (the count stopped at the <c>atMost</c> cap, or at <c>timeLimitMs</c>; a UI shows "10,000+").
/// </summary>
internal sealed record AuditCountResponse(long Count, bool IsLowerBound);
