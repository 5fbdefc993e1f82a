set -e
dotnet "$bench" reads-pg --rows 20000 --pg-schema s1 > /dev/null 2>&1
psql -P pager=off postgres <<'SQL'
SELECT extnamespace::regnamespace FROM pg_extension WHERE extname='pg_trgm';
SELECT count(*) AS rows, sum(cardinality(show_trgm(search_text))) AS row_entries, round(avg(length(search_text))) AS avg_len FROM s1.audit_events_search_rows;
SELECT 16 AS block, count(*) AS blocks, sum(cardinality(show_trgm(t))) AS entries FROM (SELECT seq/16 b, string_agg(search_text, E'\n' ORDER BY seq) t FROM s1.audit_events_search_rows GROUP BY 1) x;
SELECT 64 AS block, count(*) AS blocks, sum(cardinality(show_trgm(t))) AS entries FROM (SELECT seq/64 b, string_agg(search_text, E'\n' ORDER BY seq) t FROM s1.audit_events_search_rows GROUP BY 1) x;
SQL
