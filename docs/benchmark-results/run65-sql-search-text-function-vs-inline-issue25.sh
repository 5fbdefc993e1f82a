#!/bin/sh
# Run 65: the search text of the 100 000 rows of the reads scenario, through the search text function and written
# into the statement as the function's body (PostgreSqlSearchText.Text), in SQL alone (issue 25).
# Usage, from the repository root after a Release build of the harness:
#   pg_virtualenv -t sh docs/benchmark-results/run65-sql-search-text-function-vs-inline-issue25.sh
set -e
dotnet tests/AuditTrail.Benchmarks/bin/Release/net10.0/AuditTrail.Benchmarks.dll reads-pg --quick --rows 100000 --pg-schema s > /dev/null 2>&1
psql -X -q <<'SQL'
SET search_path = s, public;
SET max_parallel_workers_per_gather = 0;
\timing on
-- Twice each, the second warm.
SELECT sum(length(audit_events_search_text(actor_id, actor_name, action, resource_type, resource_id, resource_name, description, changes, failure_reason, source_ip, target_user_id, target_user_name))) AS function_text FROM audit_events;
SELECT sum(length(audit_events_search_text(actor_id, actor_name, action, resource_type, resource_id, resource_name, description, changes, failure_reason, source_ip, target_user_id, target_user_name))) AS function_text FROM audit_events;
SELECT sum(length(coalesce(actor_id, '') || E'\n' || coalesce(actor_name, '') || E'\n' || coalesce(action, '') || E'\n' || coalesce(resource_type, '') || E'\n' || coalesce(resource_id, '') || E'\n' || coalesce(resource_name, '') || E'\n' || coalesce(description, '') || E'\n' || coalesce((SELECT string_agg(coalesce(c ->> 'field', '') || E'\n' || coalesce(c ->> 'old', '') || E'\n' || coalesce(c ->> 'new', ''), E'\n') FROM jsonb_array_elements(changes) AS c), '') || E'\n' || coalesce(failure_reason, '') || E'\n' || coalesce(source_ip, '') || E'\n' || coalesce(target_user_id, '') || E'\n' || coalesce(target_user_name, ''))) AS inline_text FROM audit_events;
SELECT sum(length(coalesce(actor_id, '') || E'\n' || coalesce(actor_name, '') || E'\n' || coalesce(action, '') || E'\n' || coalesce(resource_type, '') || E'\n' || coalesce(resource_id, '') || E'\n' || coalesce(resource_name, '') || E'\n' || coalesce(description, '') || E'\n' || coalesce((SELECT string_agg(coalesce(c ->> 'field', '') || E'\n' || coalesce(c ->> 'old', '') || E'\n' || coalesce(c ->> 'new', ''), E'\n') FROM jsonb_array_elements(changes) AS c), '') || E'\n' || coalesce(failure_reason, '') || E'\n' || coalesce(source_ip, '') || E'\n' || coalesce(target_user_id, '') || E'\n' || coalesce(target_user_name, ''))) AS inline_text FROM audit_events;
SQL
