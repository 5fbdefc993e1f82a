using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AuditTrail.Internal;

/// <summary>
/// SHA-256 for the hash chain, where one small input (a link, about 600 bytes) is hashed per row, millions of
/// times in a verification. On Linux, .NET hashes through OpenSSL 3 with about 0.6 µs of overhead per call
/// besides the hashing itself (error-queue clearing, context set-up); this calls the same library's EVP digest
/// API directly, with the algorithm fetched once and one context reused, which halved the cost of a link here
/// (docs/performance.md). The algorithm comes from OpenSSL's default library context and properties, so a
/// FIPS configuration applies as it does to .NET's own calls. Anywhere else (another OS, no <c>libcrypto.so.3</c>,
/// a missing export, a failed fetch) it is <see cref="IncrementalHash"/>. Both give the same bytes; tests compare them.
/// </summary>
/// <remarks>Not thread-safe: one instance per thread.</remarks>
internal sealed unsafe class Sha256Hasher : IDisposable
{
    private readonly IncrementalHash? _managed;
    private readonly SafeDigestContext? _context;

    /// <summary>Creates a hasher; <paramref name="allowOpenSsl"/> <see langword="false"/> forces the .NET implementation (tests).</summary>
    public Sha256Hasher(bool allowOpenSsl = true)
    {
        if (allowOpenSsl && OpenSsl.Functions is { } functions)
        {
            var context = functions.NewContext();
            if (context != IntPtr.Zero)
            {
                _context = new SafeDigestContext(context, functions);
                return;
            }
        }

        _managed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>Whether this instance hashes through OpenSSL directly.</summary>
    public bool UsesOpenSsl => _context is not null;

    /// <summary>Writes the SHA-256 of <paramref name="data"/> to the first 32 bytes of <paramref name="destination"/>.</summary>
    public void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"The destination must hold {SHA256.HashSizeInBytes} bytes; it holds {destination.Length}.", nameof(destination));
        }

        if (_managed is not null)
        {
            _managed.AppendData(data);
            _managed.GetHashAndReset(destination);
            return;
        }

        var functions = OpenSsl.Functions!;
        var added = false;
        try
        {
            _context!.DangerousAddRef(ref added);
            var context = _context.DangerousGetHandle();
            uint length = 0;
            fixed (byte* input = data)
            fixed (byte* output = destination)
            {
                if (functions.Init(context, functions.Algorithm, IntPtr.Zero) != 1
                    || functions.Update(context, input, (nuint)data.Length) != 1
                    || functions.Final(context, output, &length) != 1
                    || length != SHA256.HashSizeInBytes)
                {
                    functions.ClearErrors();
                    throw new CryptographicException("OpenSSL's SHA-256 digest failed.");
                }
            }
        }
        finally
        {
            if (added)
            {
                _context!.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        _managed?.Dispose();
        _context?.Dispose();
    }

    /// <summary>The EVP functions and the fetched SHA-256 algorithm, or <see langword="null"/> when any is unavailable.</summary>
    private sealed class OpenSsl
    {
        public static readonly OpenSsl? Functions = TryLoad();

        private OpenSsl()
        {
        }

        public delegate* unmanaged<IntPtr> NewContext { get; private init; }

        public delegate* unmanaged<IntPtr, void> FreeContext { get; private init; }

        public delegate* unmanaged<IntPtr, IntPtr, IntPtr, int> Init { get; private init; }

        public delegate* unmanaged<IntPtr, byte*, nuint, int> Update { get; private init; }

        public delegate* unmanaged<IntPtr, byte*, uint*, int> Final { get; private init; }

        public delegate* unmanaged<void> ClearErrors { get; private init; }

        public IntPtr Algorithm { get; private init; }

        private static OpenSsl? TryLoad()
        {
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
            {
                return null;
            }

            if (!NativeLibrary.TryGetExport(library, "EVP_MD_fetch", out var fetch)
                || !NativeLibrary.TryGetExport(library, "EVP_MD_CTX_new", out var newContext)
                || !NativeLibrary.TryGetExport(library, "EVP_MD_CTX_free", out var freeContext)
                || !NativeLibrary.TryGetExport(library, "EVP_DigestInit_ex2", out var init)
                || !NativeLibrary.TryGetExport(library, "EVP_DigestUpdate", out var update)
                || !NativeLibrary.TryGetExport(library, "EVP_DigestFinal_ex", out var final)
                || !NativeLibrary.TryGetExport(library, "ERR_clear_error", out var clearErrors))
            {
                return null;
            }

            // Fetched once for the process and never freed: the default library context, default properties.
            IntPtr algorithm;
            fixed (byte* name = "SHA256\0"u8)
            {
                algorithm = ((delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)fetch)(IntPtr.Zero, name, null);
            }

            if (algorithm == IntPtr.Zero)
            {
                ((delegate* unmanaged<void>)clearErrors)();
                return null;
            }

            return new OpenSsl
            {
                NewContext = (delegate* unmanaged<IntPtr>)newContext,
                FreeContext = (delegate* unmanaged<IntPtr, void>)freeContext,
                Init = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, int>)init,
                Update = (delegate* unmanaged<IntPtr, byte*, nuint, int>)update,
                Final = (delegate* unmanaged<IntPtr, byte*, uint*, int>)final,
                ClearErrors = (delegate* unmanaged<void>)clearErrors,
                Algorithm = algorithm,
            };
        }
    }

    /// <summary>An <c>EVP_MD_CTX</c>, freed with <c>EVP_MD_CTX_free</c>.</summary>
    private sealed class SafeDigestContext : SafeHandle
    {
        private readonly OpenSsl _functions;

        public SafeDigestContext(IntPtr context, OpenSsl functions)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            _functions = functions;
            SetHandle(context);
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            _functions.FreeContext(handle);
            return true;
        }
    }
}
