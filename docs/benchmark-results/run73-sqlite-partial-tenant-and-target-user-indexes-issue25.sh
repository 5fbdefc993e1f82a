#!/bin/sh
# Run 73: what the full tenant and target user indexes cost a SQLite store whose rows have neither (issue 25).
# The harness's quick ingest leaves a database of 2 000 of its rows (no tenant, no target user); this copies the audit
# table's schema twice, the indexes as before schema v16 and with the two of them partial, and inserts the rows 50
# times (ids and times moved on each time, as new events) in transactions of 64, three rounds, in Python's sqlite3
# module. Usage, from the repository root after a Release build of the harness:
#   sh docs/benchmark-results/run73-sqlite-partial-tenant-and-target-user-indexes-issue25.sh
set -e
dir=$(mktemp -d)
env -u PGHOST dotnet tests/AuditTrail.Benchmarks/bin/Release/net10.0/AuditTrail.Benchmarks.dll ingest --quick --dir "$dir" > /dev/null 2>&1
python3 - "$(ls "$dir"/library-durable-64-*.db | head -1)" "$dir" <<'PY'
import os, sqlite3, sys, time
source, work = sys.argv[1], sys.argv[2]
schema = [row[0] for row in sqlite3.connect(source).execute(
    "SELECT sql FROM sqlite_master WHERE tbl_name = 'audit_events' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC")]
for round in range(3):
    for variant in ['full', 'partial']:
        db = os.path.join(work, f'{variant}.db')
        for f in [db, db + '-wal', db + '-shm']:
            if os.path.exists(f): os.remove(f)
        c = sqlite3.connect(db, isolation_level=None)
        c.execute('PRAGMA journal_mode = wal'); c.execute('PRAGMA synchronous = normal')
        for sql in schema:
            if variant == 'partial' and ('"audit_events_tenant"' in sql or '"audit_events_target_user"' in sql):
                sql = sql.replace(' WHERE "tenant_id" IS NOT NULL', '').replace(' WHERE "target_user_id" IS NOT NULL', '')
                sql += ' WHERE "tenant_id" IS NOT NULL' if '"audit_events_tenant"' in sql else ' WHERE "target_user_id" IS NOT NULL'
            elif variant == 'full':
                sql = sql.replace(' WHERE "tenant_id" IS NOT NULL', '').replace(' WHERE "target_user_id" IS NOT NULL', '')
            c.execute(sql)
        c.execute(f"ATTACH '{source}' AS s")
        c.execute('CREATE TEMP TABLE src AS SELECT * FROM s.audit_events ORDER BY seq')
        columns = [row[1] for row in c.execute('PRAGMA table_info(audit_events)') if row[1] != 'seq']
        values = ','.join("substr(id, 1, 32) || printf('%04x', :rep)" if k == 'id'
                          else f'{k} + :rep * 10000000000' if k in ('occurred_at', 'recorded_at') else k for k in columns)
        insert = f"INSERT INTO audit_events ({','.join(columns)}) SELECT {values} FROM src WHERE rowid > :a AND rowid <= :b"
        started = time.perf_counter()
        for rep in range(50):
            for a in range(0, 2000, 64):
                c.execute('BEGIN IMMEDIATE'); c.execute(insert, {'rep': rep, 'a': a, 'b': a + 64}); c.execute('COMMIT')
        elapsed = time.perf_counter() - started
        rows = c.execute('SELECT count(*) FROM audit_events').fetchone()[0]
        with_tenant = c.execute('SELECT count(*) FROM audit_events WHERE tenant_id IS NOT NULL OR target_user_id IS NOT NULL').fetchone()[0]
        c.close()
        print(f'round {round + 1}, {variant} indexes: {rows} rows ({with_tenant} with a tenant or target user), '
              f'{elapsed / rows * 1e6:.1f} us a row, file {os.path.getsize(db)} bytes', flush=True)
PY
rm -r "$dir"
