#!/bin/sh
# Runs one app from the compiled output: the first argument names it, else $APP.
set -eu
app="${1:-${APP:-}}"
case "$app" in
  gateway|orchestrator|order|payment|inventory|shipping) ;;
  *) echo "unknown app '$app': use gateway, orchestrator, order, payment, inventory or shipping" >&2; exit 64 ;;
esac
exec node "dist/apps/$app/src/main.js"
