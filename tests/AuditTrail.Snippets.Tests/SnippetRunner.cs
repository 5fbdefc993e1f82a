using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// Runs a compiled program in this process, in an empty working directory of its own (so relative paths such as
/// <c>data/audit.db</c> land there), and returns what it wrote to the console. Callers run one program at a time:
/// the working directory and the console are the process's.
/// </summary>
public static class SnippetRunner
{
    public static async Task<string> RunAsync(Compilation compilation, CancellationToken cancellationToken = default)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, cancellationToken: cancellationToken);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, emitted.Diagnostics));
        }

        var directory = Path.Combine(Path.GetTempPath(), "audittrail-snippets", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        var previousDirectory = Environment.CurrentDirectory;
        var previousOut = Console.Out;
        using var output = new StringWriter();
        try
        {
            image.Position = 0;
            var entryPoint = context.LoadFromStream(image).EntryPoint
                ?? throw new InvalidOperationException("The program has no entry point.");
            Environment.CurrentDirectory = directory;
            Console.SetOut(output);
            await Task.Run(() => Invoke(entryPoint), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousDirectory;
            context.Unload();
            DeleteQuietly(directory);
        }

        return output.ToString();
    }

    private static void Invoke(MethodInfo entryPoint)
    {
        var arguments = entryPoint.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() };
        try
        {
            (entryPoint.Invoke(null, arguments) as Task)?.GetAwaiter().GetResult();
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a search index closing in the background) leaves the temporary folder behind.
        }
    }
}
