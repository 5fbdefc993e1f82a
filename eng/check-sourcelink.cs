// Reads a package and its symbol package (the .snupkg beside it) and checks their repository information.
// eng/check-sourcelink.sh runs it on packages it packs:
//
//   dotnet run eng/check-sourcelink.cs -- PACKAGE.nupkg COMMIT [REPOSITORY_URL]
//
// With REPOSITORY_URL: the nuspec has <repository type="git" url=REPOSITORY_URL commit=COMMIT> and a <projectUrl>;
// every PDB of the symbol package has a SourceLink map whose targets are https URLs at COMMIT, maps every source file
// of the repository (everything outside obj/, where generated files live) and embeds the others.
// Without: the nuspec names COMMIT and no URL, and the PDBs carry no SourceLink map but embed every source file
// (Directory.Build.props sets EmbedAllSources), so the package claims nothing it cannot back.
// Exits 0 when every check passes, 1 otherwise, printing one line per PDB and one per problem.
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: dotnet run eng/check-sourcelink.cs -- PACKAGE.nupkg COMMIT [REPOSITORY_URL]");
    return 2;
}

var packagePath = args[0];
var commit = args[1];
var repositoryUrl = args.Length == 3 ? args[2] : null;
var symbolPackagePath = Path.ChangeExtension(packagePath, ".snupkg");
var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
var embeddedSourceKind = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
var problems = new List<string>();

using (var package = ZipFile.OpenRead(packagePath))
{
    var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
    using var nuspecStream = nuspecEntry.Open();
    var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    var repository = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository");
    var projectUrl = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "projectUrl")?.Value;
    var (type, url, nuspecCommit) = ((string?)repository?.Attribute("type"), (string?)repository?.Attribute("url"), (string?)repository?.Attribute("commit"));
    if (type != "git" || nuspecCommit != commit || url != repositoryUrl)
    {
        problems.Add($"nuspec <repository type=\"{type}\" url=\"{url}\" commit=\"{nuspecCommit}\">; expected type git, url {repositoryUrl ?? "(none)"}, commit {commit}");
    }

    if (repositoryUrl is not null && string.IsNullOrEmpty(projectUrl))
    {
        problems.Add("nuspec has no <projectUrl>");
    }

    Console.WriteLine($"{Path.GetFileName(packagePath)}: repository {type} {url ?? "(no url)"} commit {nuspecCommit}, projectUrl {projectUrl ?? "(none)"}");
}

if (!File.Exists(symbolPackagePath))
{
    problems.Add($"no symbol package {Path.GetFileName(symbolPackagePath)} beside the package");
}
else
{
    using var symbols = ZipFile.OpenRead(symbolPackagePath);
    var pdbs = symbols.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)).ToList();
    if (pdbs.Count == 0)
    {
        problems.Add($"{Path.GetFileName(symbolPackagePath)} holds no PDB");
    }

    foreach (var entry in pdbs)
    {
        CheckPdb(entry);
    }
}

foreach (var problem in problems)
{
    Console.WriteLine("  problem: " + problem);
}

return problems.Count == 0 ? 0 : 1;

void CheckPdb(ZipArchiveEntry entry)
{
    // The reader needs a seekable stream; a zip entry's is not.
    var bytes = new MemoryStream();
    using (var stream = entry.Open())
    {
        stream.CopyTo(bytes);
    }

    bytes.Position = 0;
    using var provider = MetadataReaderProvider.FromPortablePdbStream(bytes);
    var reader = provider.GetMetadataReader();
    var map = ReadSourceLink(reader);
    int documents = 0, mapped = 0, embedded = 0;
    foreach (var handle in reader.Documents)
    {
        var name = reader.GetString(reader.GetDocument(handle).Name);
        var target = map is null ? null : Map(map, name);
        var isEmbedded = reader.GetCustomDebugInformation(handle).Any(h => reader.GetGuid(reader.GetCustomDebugInformation(h).Kind) == embeddedSourceKind);
        documents++;
        mapped += target is null ? 0 : 1;
        embedded += isEmbedded ? 1 : 0;
        var generated = name.Replace('\\', '/').Contains("/obj/", StringComparison.Ordinal);
        if (target is null && !isEmbedded)
        {
            problems.Add($"{entry.FullName}: {name} is neither mapped by SourceLink nor embedded");
        }
        else if (map is not null && !generated && target is null)
        {
            problems.Add($"{entry.FullName}: {name} (a repository file) is not mapped by SourceLink");
        }
        else if (map is null && !isEmbedded)
        {
            problems.Add($"{entry.FullName}: {name} is not embedded, and there is no SourceLink map");
        }
    }

    if (documents == 0)
    {
        problems.Add($"{entry.FullName}: no documents");
    }

    if (repositoryUrl is null && map is not null)
    {
        problems.Add($"{entry.FullName}: has a SourceLink map, but the package names no repository URL");
    }
    else if (repositoryUrl is not null && map is null)
    {
        problems.Add($"{entry.FullName}: has no SourceLink map");
    }

    foreach (var (pattern, url) in map ?? [])
    {
        if (!url.StartsWith("https://", StringComparison.Ordinal) || !url.Contains(commit, StringComparison.Ordinal))
        {
            problems.Add($"{entry.FullName}: SourceLink maps {pattern} to {url}, not an https URL at commit {commit}");
        }
    }

    var links = map is null ? "no SourceLink map" : "SourceLink " + string.Join(", ", map.Select(p => $"{p.Key} -> {p.Value}"));
    Console.WriteLine($"  {entry.FullName}: {links}; {documents} documents, {mapped} mapped, {embedded} embedded");
}

Dictionary<string, string>? ReadSourceLink(MetadataReader reader)
{
    foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
    {
        var information = reader.GetCustomDebugInformation(handle);
        if (reader.GetGuid(information.Kind) == sourceLinkKind)
        {
            using var json = JsonDocument.Parse(reader.GetBlobBytes(information.Value));
            return json.RootElement.GetProperty("documents").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        }
    }

    return null;
}

// SourceLink's rule: a pattern ending in '*' maps every path that starts with what precedes it; otherwise exact.
static string? Map(Dictionary<string, string> map, string path)
{
    foreach (var (pattern, url) in map)
    {
        if (pattern.EndsWith('*') && path.StartsWith(pattern[..^1], StringComparison.Ordinal))
        {
            return url.Replace("*", path[(pattern.Length - 1)..].Replace('\\', '/'), StringComparison.Ordinal);
        }

        if (pattern == path)
        {
            return url;
        }
    }

    return null;
}
