#!/usr/bin/env bash
# Refreshes wwwroot/vendor from the npm registry at the version package.json pins (plotly.min.js and its licence).
set -euo pipefail; cd "$(dirname "$0")"; v=$(node -p 'require("./package.json").dependencies["plotly.js-dist-min"]'); t=$(mktemp -d); (cd "$t" && npm pack -q "plotly.js-dist-min@$v" >/dev/null && tar xzf plotly.js-dist-min-*.tgz); cp "$t/package/plotly.min.js" wwwroot/vendor/plotly.min.js; cp "$t/package/LICENSE" wwwroot/vendor/plotly.LICENSE.txt; rm -rf "$t"
