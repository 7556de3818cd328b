#!/usr/bin/env bash
# Copies the pages' front-end libraries from pinned npm packages into the Api's wwwroot/lib, where they are
# committed: no Node at build or run time, no CDN. Run it again after changing a version below.
set -euo pipefail
cd "$(dirname "$0")/../.."

ECHARTS=6.1.0   # charts; the "common" build has the SVG renderer, which puts a chart's text in the DOM
HTMX=2.0.11     # partial page updates for later pages
MERMAID=12.3.0  # workflow diagrams; the ES module build, which loads only the chunks a diagram needs

lib=src/YangFan.Benchmarks.Api/wwwroot/lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm install --prefix "$work" --no-save --no-audit --no-fund --ignore-scripts "echarts@$ECHARTS" "htmx.org@$HTMX" "mermaid@$MERMAID" >/dev/null

rm -rf "$lib/echarts" "$lib/htmx" "$lib/mermaid"
mkdir -p "$lib/echarts" "$lib/htmx" "$lib/mermaid/chunks"
cp "$work/node_modules/echarts/dist/echarts.common.min.js" "$work/node_modules/echarts/LICENSE" "$lib/echarts/"
cp "$work/node_modules/htmx.org/dist/htmx.min.js" "$work/node_modules/htmx.org/LICENSE" "$lib/htmx/"
cp "$work/node_modules/mermaid/dist/mermaid.esm.min.mjs" "$work/node_modules/mermaid/LICENSE" "$lib/mermaid/"
mkdir -p "$lib/mermaid/chunks/mermaid.esm.min"
cp "$work/node_modules/mermaid/dist/chunks/mermaid.esm.min/"*.mjs "$lib/mermaid/chunks/mermaid.esm.min/"  # no source maps
printf 'echarts %s\nhtmx.org %s\nmermaid %s\n' "$ECHARTS" "$HTMX" "$MERMAID" > "$lib/VERSIONS"
echo "vendored into $lib: echarts $ECHARTS, htmx.org $HTMX, mermaid $MERMAID"
