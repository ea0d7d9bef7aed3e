#!/bin/sh
# import-latency.sh: how long small writes wait while a large ledger is
# imported, through the API or with the command line on the same SQLite
# file. Loopback only; everything lives in a temporary folder.
#
#   scripts/import-latency.sh [api|cli|reimport] [TASKS]   (default: api 20000)
#   (reimport: the same ledger merged again into the plan a first import made)
#   DUBAN_DB=postgres://… scripts/import-latency.sh api   (PostgreSQL; cli needs SQLite's shared file)
#
# Prints the import's duration and, for the small writes (a unit created
# every 0.2 s by a second client), their count, failures, median, p99 and worst.
set -eu
mode=${1:-api}
tasks=${2:-20000}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT INT TERM
cd "$root"
go build -o "$tmp/duban" ./cmd/duban
export DUBAN_AUDIT_KEY= DUBAN_METRICS_TOKEN=
db=${DUBAN_DB:-}
unset DUBAN_DB

# A generated plan of $tasks measures, exported as the ledger to import.
"$tmp/duban" gen --data "$tmp/gen" --tasks "$tasks" --units 50 >/dev/null
"$tmp/duban" export ledger --data "$tmp/gen" --plan 1 -o "$tmp/big.xlsx" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
set -- serve --data "$tmp/srv" --addr "127.0.0.1:$port"
if [ -n "$db" ]; then set -- "$@" --db "$db"; fi
"$tmp/duban" "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until curl -fs "$base/healthz" >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 600 ] || { cat "$tmp/serve.err"; exit 1; }; sleep 0.1
done
pw=$(sed -n 's/.* admin，密码 \([^ ]*\).*/\1/p' "$tmp/serve.out" | head -1)
[ -n "$pw" ] || { echo "no admin password printed (a database that already has one?)" >&2; exit 1; }
token=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$base/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# The first start's admin must change its password before anything else.
curl -fs -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"current_password\":\"$pw\",\"password\":\"Import-latency-9\"}" "$base/api/v1/me/password"

# reimport: the ledger is imported once first, and the timed import merges
# it again into the plan it made (plan 1 of the fresh database).
if [ "$mode" = reimport ]; then
  curl -fs -o /dev/null -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
    --data-binary "@$tmp/big.xlsx" "$base/api/v1/imports/ledger?owner=%E6%B5%8B%E8%AF%95%E5%8D%95%E4%BD%8D&filename=big.xlsx"
fi

# The small writes, until the import ends.
(
  n=0
  while [ ! -e "$tmp/done" ]; do
    n=$((n + 1))
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"name\":\"导入期间的单位$n\"}" "$base/api/v1/units" >>"$tmp/writes" || echo "000 0" >>"$tmp/writes"
    sleep 0.2
  done
) &
writer=$!
sleep 1
start=$(date +%s.%N)
case $mode in
api)
  curl -s -o "$tmp/import.json" -w 'import: HTTP %{http_code}\n' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
    --data-binary "@$tmp/big.xlsx" "$base/api/v1/imports/ledger?owner=%E6%B5%8B%E8%AF%95%E5%8D%95%E4%BD%8D&filename=big.xlsx"
  ;;
reimport)
  curl -s -o "$tmp/import.json" -w 'import: HTTP %{http_code}\n' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
    --data-binary "@$tmp/big.xlsx" "$base/api/v1/imports/ledger?plan=1&filename=big.xlsx"
  ;;
cli)
  "$tmp/duban" import ledger "$tmp/big.xlsx" --data "$tmp/srv" --owner 测试单位 | tail -1
  ;;
*) echo "usage: $0 [api|cli|reimport] [TASKS]" >&2; exit 2 ;;
esac
end=$(date +%s.%N)
sleep 1
touch "$tmp/done"
wait "$writer"
python3 - "$tmp/writes" "$start" "$end" "$mode" "$tasks" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
codes = [r[0] for r in rows]
times = sorted(float(r[1]) * 1000 for r in rows)
bad = [c for c in codes if not c.startswith("2")]
print(f"{sys.argv[4]} import of {sys.argv[5]} measures: {float(sys.argv[3]) - float(sys.argv[2]):.1f} s")
p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
print(f"small writes: {len(rows)}, failed: {len(bad)} {sorted(set(bad))}, median {statistics.median(times):.0f} ms, p99 {p99:.0f} ms, worst {times[-1]:.0f} ms")
PY
echo "load: $(uptime | sed 's/.*load average: //')"
