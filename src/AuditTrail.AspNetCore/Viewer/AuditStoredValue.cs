using System.Buffers;
using System.Text;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Whether a reader's id or tenant can be held by a record as given. A longer value is stored cut, and a NUL or a lone
/// surrogate as U+FFFD (<see cref="AuditLimits"/>), so such a reader's own records would never match them, and the cut
/// or repaired value can be another user's or tenant's: the reader is refused instead.
/// </summary>
internal static class AuditStoredValue
{
    /// <summary>What keeps <paramref name="value"/> from being stored as given, as the end of a sentence; <see langword="null"/> when nothing does.</summary>
    public static string? Problem(string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            return $"is {value.Length} characters long, and records keep at most {maxLength}";
        }

        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || rune.Value == 0)
            {
                return "holds a NUL or a lone surrogate, which records store as U+FFFD";
            }

            rest = rest[consumed..];
        }

        return null;
    }
}
