#!/bin/sh
# Runs one app from the compiled output: the first argument names it, else $APP.
set -eu
app="${1:-${APP:-}}"
case "$app" in
  gateway|orchestrator|order|payment|inventory|shipping) ;;
  *) echo "unknown app '$app': use gateway, orchestrator, order, payment, inventory or shipping" >&2; exit 64 ;;
esac
# The V8 flags of scripts/lib/apps.ts (APP_NODE_FLAGS), so the image runs as `npm start` does.
exec node --max-semi-space-size=4 --max-old-space-size=256 "dist/apps/$app/src/main.js"
