#!/usr/bin/env bash
# Prints each failed test with the first line of its message, from the .trx files in a directory:
#   bash eng/failed-summary.sh artifacts/test-results
# so that the end of a CI log names what failed. Prints nothing when no test failed.
set -euo pipefail
dir="${1:?usage: eng/failed-summary.sh <directory with .trx files>}"
shopt -s nullglob
files=("$dir"/*.trx)
[ ${#files[@]} -gt 0 ] || exit 0
awk '
  function unescape(s) {
    gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'\''", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s)
    return s
  }
  /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
    name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
    failed = 1; printed = 0; next
  }
  failed && /<Message>/ && !printed {
    line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
    printf "FAILED %s\n       %s\n", unescape(name), substr(unescape(line), 1, 300)
    printed = 1; next
  }
  /<\/UnitTestResult>/ { if (failed && !printed) printf "FAILED %s\n", unescape(name); failed = 0 }
' "${files[@]}"
