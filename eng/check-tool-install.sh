#!/usr/bin/env bash
# Installs the audittrail tool the way its README says to from a local build, into a tool path of its own, and runs it:
# pack (package size checked: under 12 MB), `dotnet tool install --tool-path … --add-source …`, `audittrail --version`
# (must print the package's version), `audittrail verify` on a trail written by an older release (the schema v4 fixture
# of the SQLite tests, migrated on open: exit 0) and on an empty file, which holds no store (exit 2).
#
#   eng/check-tool-install.sh              build (incrementally, Debug) and pack
#   eng/check-tool-install.sh --no-build   pack what the last `dotnet build` produced (as .ci/run's build does)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build_flag=()
[ "${1:-}" = "--no-build" ] && build_flag=(--no-build)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack src/AuditTrail.Cli -c "${CONFIGURATION:-Debug}" "${build_flag[@]}" -o "$work/packages" -nologo -v q
package=$(ls "$work/packages"/AuditTrail.Cli.*.nupkg | grep -v '\.snupkg$' | head -n 1)
version=$(basename "$package" .nupkg); version=${version#AuditTrail.Cli.}
size=$(stat -c %s "$package")
if [ "$size" -ge $((12 * 1024 * 1024)) ]; then
  echo "AuditTrail.Cli $version is $size bytes; it must stay under 12 MB." >&2
  exit 1
fi

# From a folder outside the repository, as a user would; --add-source adds the local folder to the sources.
(cd "$work" && dotnet tool install AuditTrail.Cli --tool-path "$work/tools" --add-source "$work/packages" --version "$version")

printed=$("$work/tools/audittrail" --version)
if [ "$printed" != "$version" ]; then
  echo "audittrail --version printed '$printed'; the package is $version." >&2
  exit 1
fi

# A trail of an older schema: verify migrates it with the package's native SQLite and finds it valid.
cp tests/AuditTrail.Sqlite.Tests/Fixtures/schema-v4.db "$work/audit.db"
cp tests/AuditTrail.Sqlite.Tests/Fixtures/schema-v4.db-search "$work/audit.db-search"
"$work/tools/audittrail" verify --sqlite "$work/audit.db"

# An empty file holds no store: verify opens it with the package's native SQLite, refuses it (exit 2, naming
# --sqlite) and writes nothing into it (no command creates a store by accident).
: > "$work/empty.db"
status=0
"$work/tools/audittrail" verify --sqlite "$work/empty.db" 2> "$work/verify.err" || status=$?
if [ "$status" -ne 2 ] || ! grep -q -- "--sqlite) holds no AuditTrail store" "$work/verify.err" || [ -s "$work/empty.db" ]; then
  echo "audittrail verify on an empty file exited $status ($(cat "$work/verify.err")); expected 2, refusing it and leaving it empty." >&2
  exit 1
fi
echo "audittrail $version: installed from a local build ($((size / 1024)) KiB), --version works, verify checks a trail and refuses a file without a store."
