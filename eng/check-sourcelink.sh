#!/usr/bin/env bash
# Checks the repository information of a package and its symbol package (issue 19): packs AuditTrail (the core
# package) in a throwaway clone of the committed HEAD, as a release does (Release, ContinuousIntegrationBuild), and
# reads the .nupkg and .snupkg with eng/check-sourcelink.cs (which opens the PDB's SourceLink map):
#   1. origin is a hosted URL: a release pack carries <repository type="git" url commit>, <projectUrl>, and PDBs
#      whose SourceLink map points at raw URLs of the commit and covers every repository source file;
#   2. no remote, -p:RepositoryUrl=...: the same, from the property;
#   3. no remote, no URL: pack still succeeds, warns AUDITTRAIL0001, the .snupkg exists, its PDBs embed every source
#      and claim no SourceLink map, and the nuspec names the commit without a URL;
#   4. no remote, no URL, release pack (-p:AuditTrailRelease=true): fails with AUDITTRAIL0001.
# The URL below is a test fixture: it is set as the clone's origin only; nothing is fetched from or sent to it, and it
# is not the project's address (this repository has no hosted remote; README, "Releasing").
#
#   eng/check-sourcelink.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fixture_url=https://github.com/example/audittrail

start=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
commit=$(git rev-parse HEAD)
git clone --quiet --local --no-hardlinks . "$repo"
git -C "$repo" checkout --quiet --detach "$commit"
git -C "$repo" remote remove origin

# Packs src/AuditTrail of the clone into $work/$1 from a clean build (a PDB's SourceLink map is written at compile
# time, and a change of remote alone would not recompile); the log goes to $work/$1.log.
pack() {
  local name=$1; shift
  rm -rf "$repo/src/AuditTrail/bin" "$repo/src/AuditTrail/obj/Release"
  dotnet pack "$repo/src/AuditTrail" -c Release -o "$work/$name" -nologo -v q -p:ContinuousIntegrationBuild=true "$@" \
    > "$work/$name.log" 2>&1
}
package() { ls "$work/$1"/AuditTrail.*.nupkg | grep -v '\.snupkg$'; }
check() { dotnet run --file eng/check-sourcelink.cs -- "$@"; }
fail() { echo "$1" >&2; [ -f "${2:-}" ] && cat "$2" >&2; exit 1; }

echo "1. origin $fixture_url (test fixture), release pack"
git -C "$repo" remote add origin "$fixture_url"
pack hosted -p:AuditTrailRelease=true || fail "Release pack with a hosted origin failed:" "$work/hosted.log"
! grep -q AUDITTRAIL0001 "$work/hosted.log" || fail "Release pack with a hosted origin warned:" "$work/hosted.log"
check "$(package hosted)" "$commit" "$fixture_url"

echo "2. no remote, -p:RepositoryUrl=$fixture_url, release pack"
git -C "$repo" remote remove origin
pack property -p:AuditTrailRelease=true -p:RepositoryUrl="$fixture_url" \
  || fail "Release pack with -p:RepositoryUrl failed:" "$work/property.log"
check "$(package property)" "$commit" "$fixture_url"

echo "3. no remote, no URL: pack warns and embeds the sources"
pack plain || fail "Pack without a remote failed:" "$work/plain.log"
grep -q 'warning AUDITTRAIL0001' "$work/plain.log" || fail "Pack without a remote did not warn AUDITTRAIL0001:" "$work/plain.log"
check "$(package plain)" "$commit"

echo "4. no remote, no URL, release pack: fails"
if dotnet pack "$repo/src/AuditTrail" -c Release --no-build -o "$work/release" -nologo -v q -p:AuditTrailRelease=true \
  > "$work/release.log" 2>&1; then
  fail "A release pack without a repository URL succeeded." "$work/release.log"
fi
grep -q 'error AUDITTRAIL0001' "$work/release.log" || fail "A release pack without a URL failed, but not with AUDITTRAIL0001:" "$work/release.log"
echo "  failed as it must: $(grep -o 'error AUDITTRAIL0001: [^(]*' "$work/release.log" | head -n 1)"

echo "SourceLink and repository information checked in $((SECONDS - start)) s."
