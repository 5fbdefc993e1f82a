#!/usr/bin/env bash
# Packs every package under src/ to a temporary folder (package validation runs as part of pack) and checks each
# produced .nuspec:
#   - its dependencies are exactly the project's own references: PackageReference items that flow to consumers
#     (not PrivateAssets="all") and ProjectReference items; a dotnet tool (PackAsTool) has none;
#   - it carries repository metadata: type and commit, and the repository and project URLs when the git remote is a
#     hosted (http) URL (without one, pack warns AUDITTRAIL0001: eng/package/RepositoryInformation.targets);
#   - it carries the icon, and a symbol package (.snupkg) lies beside it.
# eng/check-sourcelink.sh reads a symbol package's PDB (SourceLink map, embedded sources).
# A dependency list that grows beyond the project's references (transitive pinning, a stray reference) fails.
#
#   eng/check-packages.sh              build (incrementally, Debug) and pack
#   eng/check-packages.sh --no-build   pack what the last `dotnet build` produced (as .ci/run's build does)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v python3 >/dev/null 2>&1 || { echo "python3 is required to read the nuspec files." >&2; exit 2; }

start=$SECONDS
configuration=${CONFIGURATION:-Debug}
build_flag=()
[ "${1:-}" = "--no-build" ] && build_flag=(--no-build)

work=$(mktemp -d)
filter="$(pwd)/.check-packages.$$.slnf"
trap 'rm -rf "$work" "$filter"' EXIT

projects=(src/*/*.csproj)
python3 - "$filter" "${projects[@]}" <<'PY'
import json, sys
json.dump({"solution": {"path": "AuditTrail.sln", "projects": sys.argv[2:]}}, open(sys.argv[1], "w"))
PY

# What each project references, as MSBuild evaluates it (central versions, Directory.Build.* items included).
for proj in "${projects[@]}"; do
  dotnet msbuild "$proj" -nologo -getProperty:PackageId -getProperty:PackAsTool -getProperty:IsPackable \
    -getItem:PackageReference -getItem:ProjectReference > "$work/$(basename "$proj" .csproj).json" &
done
wait

if ! dotnet pack "$filter" -c "$configuration" "${build_flag[@]}" -o "$work/packages" -nologo -v q > "$work/pack.log" 2>&1; then
  cat "$work/pack.log" >&2
  echo "dotnet pack failed." >&2
  exit 1
fi

remote=$(git remote get-url origin 2>/dev/null || true)
python3 - "$work" "$remote" <<'PY'
import glob, json, os, sys, zipfile
import xml.etree.ElementTree as ET

work = sys.argv[1]
remote_is_hosted = sys.argv[2].startswith(("http://", "https://"))
failed = False
for evaluation in sorted(glob.glob(os.path.join(work, "*.json"))):
    data = json.load(open(evaluation))
    props, items = data["Properties"], data.get("Items", {})
    if props.get("IsPackable") != "true":
        continue
    package_id = props["PackageId"]
    expected = set()
    if props.get("PackAsTool") != "true":
        for reference in items.get("PackageReference", []):
            if reference.get("PrivateAssets", "").lower() != "all":
                expected.add(reference["Identity"])
        for reference in items.get("ProjectReference", []):
            expected.add(os.path.splitext(os.path.basename(reference["Identity"]))[0])

    packages = [p for p in glob.glob(os.path.join(work, "packages", package_id + ".*.nupkg"))
                if not p.endswith(".snupkg") and os.path.basename(p)[len(package_id) + 1].isdigit()]
    if len(packages) != 1:
        print(f"{package_id}: expected one package, found {len(packages)}")
        failed = True
        continue
    with zipfile.ZipFile(packages[0]) as package:
        nuspec = next(name for name in package.namelist() if name.endswith(".nuspec"))
        root = ET.fromstring(package.read(nuspec))
    ns = {"n": root.tag.split("}")[0].strip("{")}
    actual = {d.get("id") for d in root.iterfind(".//n:dependencies//n:dependency", ns)}
    repository = root.find(".//n:repository", ns)
    project_url = root.findtext(".//n:projectUrl", default="", namespaces=ns)
    icon = root.findtext(".//n:icon", default="", namespaces=ns)
    with zipfile.ZipFile(packages[0]) as package:
        has_icon = bool(icon) and icon in package.namelist()

    problems = []
    if actual - expected:
        problems.append("depends on what it does not reference: " + ", ".join(sorted(actual - expected)))
    if expected - actual:
        problems.append("does not depend on what it references: " + ", ".join(sorted(expected - actual)))
    # The URL comes from a hosted git remote (SourceLink); a clone of a local repository has none to give.
    needed = ("type", "url", "commit") if remote_is_hosted else ("type", "commit")
    if repository is None or not all(repository.get(a) for a in needed):
        problems.append("has no repository metadata (" + ", ".join(needed) + ")")
    if remote_is_hosted and not project_url:
        problems.append("has no project URL")
    if not has_icon:
        problems.append("has no icon")
    if not os.path.exists(packages[0][:-len(".nupkg")] + ".snupkg"):
        problems.append("has no symbol package (.snupkg)")
    if problems:
        failed = True
        for problem in problems:
            print(f"{package_id}: {problem}")
    else:
        print(f"{package_id}: {len(actual)} dependencies ({', '.join(sorted(actual)) or 'none'}), repository {repository.get('url') or 'commit ' + repository.get('commit')}, icon, symbols")
sys.exit(1 if failed else 0)
PY
echo "Packages checked in $((SECONDS - start)) s."
