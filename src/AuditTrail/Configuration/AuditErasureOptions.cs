namespace AuditTrail;

/// <summary>Options of <see cref="IAuditErasure"/>.</summary>
public sealed class AuditErasureOptions
{
    /// <summary>The shortest <see cref="PseudonymKey"/> accepted, in bytes.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The HMAC key of the pseudonyms that replace erased actor ids (<see cref="AuditPseudonym"/>): at least
    /// <see cref="MinimumKeyLength"/> random bytes, kept secret and never changed, so that the same person always gets
    /// the same pseudonym. <see langword="null"/> (the default) leaves erasure off: <see cref="IAuditErasure.EraseActorAsync"/> throws.
    /// </summary>
    public byte[]? PseudonymKey { get; set; }
}
