#!/usr/bin/env bash
# Prints one line per reason why tests were skipped, with how many, from the .trx files in a directory:
#   bash eng/skipped-summary.sh artifacts/test-results
# (dotnet test --logger trx --results-directory <dir> writes them). Prints nothing when no test was skipped.
set -euo pipefail
dir="${1:?usage: eng/skipped-summary.sh <directory with .trx files>}"
shopt -s nullglob
files=("$dir"/*.trx)
[ ${#files[@]} -gt 0 ] || exit 0
awk '
  /outcome="NotExecuted"/ { skipped = 1; next }
  skipped && /<Message>/ {
    line = $0
    sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
    gsub(/&quot;/, "\"", line); gsub(/&apos;/, "'\''", line); gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line); gsub(/&amp;/, "\\&", line)
    reasons[line]++; skipped = 0; next
  }
  /<\/UnitTestResult>/ { if (skipped) reasons["(no reason given)"]++; skipped = 0 }
  END { for (reason in reasons) printf "%6d skipped: %s\n", reasons[reason], reason }
' "${files[@]}" | sort -rn
