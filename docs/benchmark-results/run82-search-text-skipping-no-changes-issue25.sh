set -e
dotnet "$bench" reads-pg --rows 100000 --pg-schema s1 > /dev/null 2>&1
psql -X -P pager=off -q -f "$(dirname "$0")/run82-search-text-skipping-no-changes-issue25.sql" postgres
