#!/usr/bin/env bash
# Lints the API's OpenAPI document with Spectral (spectral:oas + the OWASP API ruleset, see .spectral.yaml).
#   tools/openapi-lint/lint.sh                 builds and starts the API (Development, SQLite in a temporary data
#                                              directory, a free local port), fetches /swagger/v1/swagger.json, lints it
#   tools/openapi-lint/lint.sh swagger.json    lints a saved document instead ("" starts the API, as with no argument)
#   SAVE_DOCUMENT=/tmp/swagger.json tools/openapi-lint/lint.sh   also keeps the served document
# Extra arguments after the document go to `spectral lint` (e.g. -f json). Exits non-zero when Spectral finds errors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund

document="${1:-}"
[ $# -gt 0 ] && shift
if [ -z "$document" ]; then
  work="$(mktemp -d)"
  api_pid=""
  cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; wait "$api_pid" 2>/dev/null || true; rm -rf "$work"; }
  trap cleanup EXIT
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  dotnet build "$repo/src/YangFan.Benchmarks.Api" -v q -nologo > "$work/build.log" || { cat "$work/build.log"; exit 1; }
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Database__Provider=Sqlite Database__DataDirectory="$work/data" Seed__DemoData=false Workflows__DispatcherEnabled=false \
    dotnet run --project "$repo/src/YangFan.Benchmarks.Api" --no-build --no-launch-profile > "$work/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/live" > /dev/null 2>&1 && break
    kill -0 "$api_pid" 2>/dev/null || { cat "$work/api.log"; exit 1; }
    sleep 1
  done
  document="$work/swagger.json"
  curl -fsS "http://127.0.0.1:$port/swagger/v1/swagger.json" -o "$document"
  # SAVE_DOCUMENT=path keeps a copy of the served document.
  [ -n "${SAVE_DOCUMENT:-}" ] && cp "$document" "$SAVE_DOCUMENT"
fi

npx --no-install spectral lint "$document" --ruleset "$here/.spectral.yaml" "$@"
