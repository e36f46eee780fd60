"""The probe aggregation of `credgraph risk` in DuckDB, for `make bench`'s
side-by-side comparison: per client id, the probe count, last seen, auth
failures in the 24 hours before as-of, errors (5xx, 429, no response), p95
token latency and distinct consumers, over every JSON lines file under DIR.

    python3 scripts/duckdb-probes.py DIR AS_OF
"""
import sys

import duckdb

folder, as_of = sys.argv[1], sys.argv[2]
query = f"""
SELECT client_id,
       count(*) AS probes,
       max(ts) AS last_seen,
       count(*) FILTER (WHERE (status = 401 OR error = 'invalid_client')
                        AND ts >= TIMESTAMPTZ '{as_of}' - INTERVAL 24 HOUR AND ts < TIMESTAMPTZ '{as_of}') AS auth_failures_24h,
       count(*) FILTER (WHERE status >= 500 OR status = 429 OR status = 0) AS errors,
       quantile_cont(latency_ms, 0.95) FILTER (WHERE coalesce(endpoint, 'token') = 'token') AS p95_latency_ms,
       count(DISTINCT consumer) AS consumers
FROM read_json('{folder}/**/*.jsonl', format = 'newline_delimited',
               columns = {{ts: 'TIMESTAMPTZ', env: 'VARCHAR', client_id: 'VARCHAR', consumer: 'VARCHAR',
                           endpoint: 'VARCHAR', status: 'INTEGER', latency_ms: 'DOUBLE', error: 'VARCHAR'}})
GROUP BY client_id
ORDER BY client_id
"""
rows = duckdb.sql(query).fetchall()
print(f"{len(rows)} client ids, {sum(r[1] for r in rows)} probes")
