#!/bin/sh
# Run 69: what one statement fewer in a PostgreSQL append batch saves (issue 25). The batch used to send the
# transaction's settings and the chain lock as two statements; now one statement sets them and takes the lock.
# pgbench, one client, prepared statements, the statements of a batch in one pipeline (one implicit transaction),
# alternating, 10 s each, 8 rounds. Usage: pg_virtualenv -t sh docs/benchmark-results/run69-pgbench-settings-and-lock-in-one-statement-issue25.sh
set -e
dir=$(mktemp -d)
cat > "$dir/two.sql" <<'SQL'
\startpipeline
SELECT set_config('enable_seqscan', 'off', true), set_config('synchronous_commit', 'off', true);
SELECT pg_advisory_xact_lock(hashtextextended('audittrail.chain.public.t', 0));
INSERT INTO t (v) VALUES ('x');
\endpipeline
SQL
cat > "$dir/one.sql" <<'SQL'
\startpipeline
SELECT set_config('enable_seqscan', 'off', true), set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtextextended('audittrail.chain.public.t', 0));
INSERT INTO t (v) VALUES ('x');
\endpipeline
SQL
psql -X -q -c "CREATE TABLE t (id bigserial PRIMARY KEY, v text)"
for round in 1 2 3 4 5 6 7 8; do
  for script in two one; do
    echo "round $round, settings and lock in $script statement(s):"
    pgbench -n -M prepared -c 1 -T 10 -f "$dir/$script.sql" 2>&1 | grep -E "latency average|^tps"
  done
done
rm -r "$dir"
