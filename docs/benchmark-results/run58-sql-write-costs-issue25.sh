#!/bin/sh
# Run 58: what the audit table's indexes and the search table cost a write, in SQL alone (issue 25).
# Usage, from the repository root after a Release build of the harness:
#   pg_virtualenv -t sh docs/benchmark-results/run58-sql-write-costs-issue25.sh
# The reads scenario fills schema s with 100 000 rows through the library; the rest runs in psql.
set -e
dotnet tests/AuditTrail.Benchmarks/bin/Release/net10.0/AuditTrail.Benchmarks.dll reads-pg --quick --rows 100000 --pg-schema s > /dev/null 2>&1
psql -X -q <<'SQL'
SET search_path = s, public;
CREATE TABLE src AS SELECT * FROM audit_events;
-- The audit table's columns and eleven indexes, without its trigger; the same with the sequence key alone.
CREATE TABLE t_all (LIKE audit_events INCLUDING DEFAULTS INCLUDING INDEXES);
CREATE TABLE t_key (LIKE audit_events INCLUDING DEFAULTS);
ALTER TABLE t_key ADD PRIMARY KEY (seq);
INSERT INTO t_all SELECT * FROM src WHERE seq <= 50000;
INSERT INTO t_key SELECT * FROM src WHERE seq <= 50000;
CHECKPOINT;
\timing on
\echo 25 000 rows one at a time, eleven indexes
DO $$ DECLARE r s.src; BEGIN FOR r IN SELECT * FROM s.src WHERE seq > 50000 AND seq <= 75000 LOOP INSERT INTO s.t_all VALUES (r.*); END LOOP; END $$;
\echo 25 000 rows one at a time, the sequence key alone
DO $$ DECLARE r s.src; BEGIN FOR r IN SELECT * FROM s.src WHERE seq > 50000 AND seq <= 75000 LOOP INSERT INTO s.t_key VALUES (r.*); END LOOP; END $$;
\echo 100 000 search texts computed
SELECT sum(length(audit_events_search_text(actor_id, actor_name, action, resource_type, resource_id, resource_name, description, changes, failure_reason, source_ip, target_user_id, target_user_name))) FROM audit_events;
\echo trigrams a search text
SELECT avg(array_length(show_trgm(audit_events_search_text(actor_id, actor_name, action, resource_type, resource_id, resource_name, description, changes, failure_reason, source_ip, target_user_id, target_user_name)), 1)) FROM audit_events;
\timing off
CREATE TABLE texts (seq bigint PRIMARY KEY, search_text text NOT NULL);
INSERT INTO texts SELECT seq, audit_events_search_text(actor_id, actor_name, action, resource_type, resource_id, resource_name, description, changes, failure_reason, source_ip, target_user_id, target_user_name) FROM audit_events;
CREATE TABLE plain (seq bigint PRIMARY KEY, search_text text NOT NULL);
CREATE TABLE fast (seq bigint PRIMARY KEY, search_text text NOT NULL);
CREATE INDEX fast_gin ON fast USING gin (search_text gin_trgm_ops);
CREATE TABLE slow (seq bigint PRIMARY KEY, search_text text NOT NULL);
CREATE INDEX slow_gin ON slow USING gin (search_text gin_trgm_ops) WITH (fastupdate = off);
CHECKPOINT;
\timing on
\echo 100 000 texts in passes of 400 rows, no trigram index
DO $$ BEGIN FOR i IN 0..249 LOOP INSERT INTO s.plain SELECT * FROM s.texts WHERE seq > i * 400 AND seq <= (i + 1) * 400; END LOOP; END $$;
\echo 100 000 texts in passes of 400 rows, trigram index (fastupdate on, the default)
DO $$ BEGIN FOR i IN 0..249 LOOP INSERT INTO s.fast SELECT * FROM s.texts WHERE seq > i * 400 AND seq <= (i + 1) * 400; END LOOP; END $$;
\echo 100 000 texts in passes of 400 rows, trigram index (fastupdate off)
DO $$ BEGIN FOR i IN 0..249 LOOP INSERT INTO s.slow SELECT * FROM s.texts WHERE seq > i * 400 AND seq <= (i + 1) * 400; END LOOP; END $$;
SQL
