#!/usr/bin/env bash
# Stops exactly what start.sh started (PIDs in runtime/state) and removes only the loopback
# addresses start.sh added. Idempotent: with nothing running it says so and exits 0.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -d "$RUNTIME" ] || { log "servers: nothing was running"; exit 0; }
mkdir -p "$STATE"
exec 9>"$RUNTIME/.lock"
flock -w 60 9 || die "another start/stop holds $RUNTIME/.lock"
stop_all
