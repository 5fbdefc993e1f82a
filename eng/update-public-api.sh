#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every library package (src/, and the conformance package) from the code, with the
# PublicApiAnalyzers' own code fix (RS0016 "add to the declared public API") run by `dotnet format`.
#
#   eng/update-public-api.sh          regenerate every package's list
#   eng/update-public-api.sh --check  then build the packages, failing on any remaining public-API diagnostic
#
# PublicAPI.Shipped.txt is never touched: move lines from Unshipped to Shipped by hand when a version ships.
# "*REMOVED*" lines already in Unshipped are kept; an API removed from Shipped still fails the build with
# RS0017 until such a line is added. A new library project gets both files created (they are required).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

check=false
[ "${1:-}" = "--check" ] && check=true

projects=()
for proj in src/*/*.csproj tests/*/*.csproj; do
  if [ "$(dotnet msbuild "$proj" -nologo -getProperty:IsShippingLibrary)" = "true" ]; then
    projects+=("$proj")
  fi
done
[ ${#projects[@]} -gt 0 ] || { echo "No library package found under src/." >&2; exit 1; }

for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
  removed=$(grep '^\*REMOVED\*' "$dir/PublicAPI.Unshipped.txt" 2>/dev/null || true)
  { printf '#nullable enable\n'; [ -z "$removed" ] || printf '%s\n' "$removed"; } > "$dir/PublicAPI.Unshipped.txt"
done

# One project at a time: over a whole solution (or a solution filter) dotnet format applies the fix to
# one project's list only.
for proj in "${projects[@]}"; do
  dotnet format analyzers "$proj" --diagnostics RS0016 --severity warn --verbosity quiet
done

for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  echo "$dir/PublicAPI.Unshipped.txt: $(grep -vc '^#nullable' "$dir/PublicAPI.Unshipped.txt" || true) entries"
done

if $check; then
  for proj in "${projects[@]}"; do
    dotnet build "$proj" -warnaserror -nologo -v q
  done
fi
