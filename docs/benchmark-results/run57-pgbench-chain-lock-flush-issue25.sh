#!/bin/sh
# The chain lock held through the commit's flush (sync.sql: how a batch committed until run 55) against the lock
# released at an asynchronous commit, then a flush barrier in a transaction of its own (barrier.sql: since run 56),
# each one round trip (a pipeline). Run as: pg_virtualenv sh run57-pgbench-chain-lock-flush-issue25.sh
set -e
dir=$(mktemp -d)
psql -Atq -c "CREATE TABLE t (x int)"
cat > "$dir/sync.sql" <<'SQL'
\startpipeline
SELECT set_config('enable_seqscan', 'off', true);
SELECT pg_advisory_xact_lock(42);
INSERT INTO t VALUES (1);
\endpipeline
SQL
cat > "$dir/barrier.sql" <<'SQL'
\startpipeline
BEGIN;
SELECT set_config('enable_seqscan', 'off', true), set_config('synchronous_commit', 'off', true);
SELECT pg_advisory_xact_lock(42);
INSERT INTO t VALUES (1);
COMMIT;
SELECT pg_logical_emit_message(true, 'audittrail.flush', '');
\endpipeline
SQL
run() { # fsync clients transactions
  for script in sync barrier; do
    printf 'fsync %s, %s clients, %s: ' "$1" "$2" "$script"
    pgbench -n -M prepared -c "$2" -t "$3" -f "$dir/$script.sql" 2>&1 | awk '/latency average/ {l=$4} /^tps/ {t=$3} END {printf "%s ms a transaction, %.0f tps\n", l, t}'
  done
}
run off 1 5000
psql -Atq -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" > /dev/null
sleep 1
run on 1 2000
run on 4 1000
run on 8 500
