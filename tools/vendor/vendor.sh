#!/usr/bin/env bash
# Copies the pages' front-end libraries from pinned npm packages into the Api's wwwroot/lib, where they are
# committed: no Node at build or run time, no CDN. Run it again after changing a version below.
set -euo pipefail
cd "$(dirname "$0")/../.."

ECHARTS=6.1.0   # charts; the "common" build has the SVG renderer, which puts a chart's text in the DOM
HTMX=2.0.11     # partial page updates for later pages

lib=src/YangFan.Benchmarks.Api/wwwroot/lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm install --prefix "$work" --no-save --no-audit --no-fund --ignore-scripts "echarts@$ECHARTS" "htmx.org@$HTMX" >/dev/null

rm -rf "$lib/echarts" "$lib/htmx"
mkdir -p "$lib/echarts" "$lib/htmx"
cp "$work/node_modules/echarts/dist/echarts.common.min.js" "$work/node_modules/echarts/LICENSE" "$lib/echarts/"
cp "$work/node_modules/htmx.org/dist/htmx.min.js" "$work/node_modules/htmx.org/LICENSE" "$lib/htmx/"
printf 'echarts %s\nhtmx.org %s\n' "$ECHARTS" "$HTMX" > "$lib/VERSIONS"
echo "vendored into $lib: echarts $ECHARTS, htmx.org $HTMX"
