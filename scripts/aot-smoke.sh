#!/usr/bin/env bash
# Publishes the sample gateway with Native AOT (warnings are errors, so any trim or AOT warning fails the publish),
# then runs a smoke suite against the native binary on memory and on Redis, and reports start-up time to the first
# answered request and resident memory, for the native binary and for the JIT build.
# Usage: bash scripts/aot-smoke.sh            (needs redis-server on the PATH for the Redis half)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$out"' EXIT

echo "== dotnet publish samples/Gateway -c Release -p:PublishAot=true"
dotnet publish samples/Gateway -c Release -p:PublishAot=true -o "$out/aot" 2>&1 | tail -3
dotnet build samples/Gateway -c Release -o "$out/jit" 2>&1 | tail -1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
chat='{"model":"gpt-4o","messages":[{"role":"user","content":"smoke"}]}'
failures=0
check() { # name, expected, actual
  if [ "$2" == "$3" ]; then echo "  ok   $1"; else echo "  FAIL $1: expected '$2', got '$3'"; failures=$((failures + 1)); fi
}

# Starts a gateway command on a free port; sets $url, $pid and $startup_ms (until the first answered request).
start() {
  local port; port=$(free_port); url="http://127.0.0.1:$port"
  local begin; begin=$(date +%s%N)
  "$@" --urls "$url" --Gateway:LocalLatency=0ms --Logging:LogLevel:Default=Warning --Cache:AdminKey=smoke-admin --Cache:Namespace=smoke > "$out/server.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null -X POST "$url/v1/chat/completions" -H 'content-type: application/json' -d "$chat"; do sleep 0.005; done
  startup_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
}

header() { curl -s -D - -o /dev/null -X POST "$url$1" -H 'content-type: application/json' -d "$2" | tr -d '\r' | awk -v h="$3" 'tolower($1)==h":" {print $2}'; }
status() { curl -s -o /dev/null -w '%{http_code}' -X POST "$url$1" -H 'content-type: application/json' -d "$2"; }

smoke() {
  check "chat miss" MISS "$(header /v1/chat/completions '{"model":"gpt-4o","messages":[{"role":"user","content":"'"$1"'"}]}' x-cache)"
  check "chat hit" HIT "$(header /v1/chat/completions '{"model":"gpt-4o","messages":[{"role":"user","content":"'"$1"'"}]}' x-cache)"
  check "embeddings hit" HIT "$( header /v1/embeddings '{"model":"e","input":"'"$1"'"}' x-cache >/dev/null; header /v1/embeddings '{"model":"e","input":"'"$1"'"}' x-cache)"
  check "streamed hit" HIT "$( header /v1/chat/completions '{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"'"$1"'"}]}' x-cache >/dev/null; header /v1/chat/completions '{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"'"$1"'"}]}' x-cache)"
  check "a client mistake is a 400" 400 "$(status /v1/chat/completions '{"model":"gpt-4o","messages":[],"n":0}')"
  check "stats" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer smoke-admin' "$url/admin/cache/stats")"
  check "metrics" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$url/metrics")"
  # Read whole before grep: grep -q stops at its match, and the SIGPIPE curl gets then would fail the pipeline.
  local page data
  page=$(curl -s "$url/admin/dashboard")
  data=$(curl -s -H 'Authorization: Bearer smoke-admin' "$url/admin/dashboard/data")
  check "dashboard page (embedded)" yes "$(grep -q '<title>Gateway cache</title>' <<<"$page" && echo yes)"
  check "dashboard data" yes "$(grep -q '"view":"all"' <<<"$data" && echo yes)"
}

rss_after_load() {
  for _ in $(seq 1 500); do curl -s -o /dev/null -X POST "$url/v1/chat/completions" -H 'content-type: application/json' -d "$chat"; done
  awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"
}

echo "== native binary, memory backend"
start "$out/aot/Gateway"; aot_startup=$startup_ms
smoke memory
aot_rss=$(rss_after_load); kill "$pid"; wait "$pid" 2>/dev/null || true

if command -v redis-server >/dev/null; then
  echo "== native binary, Redis backend (Caching.Redis loaded by name)"
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > /dev/null &
  redis_pid=$!
  start "$out/aot/Gateway" --Cache:Backend=redis --Cache:RedisUrl="127.0.0.1:$redis_port"
  for _ in $(seq 1 200); do
    curl -s -H 'Authorization: Bearer smoke-admin' "$url/admin/cache/stats" | grep -q '"backplane":"connected"' && break; sleep 0.05
  done
  smoke redis
  check "entries in redis" 1 "$(redis-cli -p "$redis_port" --scan --pattern "smoke:chat:*" | head -1 | grep -c .)"
  kill "$pid"; wait "$pid" 2>/dev/null || true; kill "$redis_pid"
fi

echo "== JIT build, memory backend (for comparison)"
start dotnet "$out/jit/Gateway.dll"; jit_startup=$startup_ms
jit_rss=$(rss_after_load); kill "$pid"; wait "$pid" 2>/dev/null || true

echo "start-up to first answered request: native ${aot_startup} ms, JIT ${jit_startup} ms"
echo "resident memory after 500 requests: native ${aot_rss} MB, JIT ${jit_rss} MB"
if [ "$failures" -eq 0 ]; then echo "AOT SMOKE PASSED"; else echo "AOT SMOKE FAILED: $failures"; exit 1; fi
