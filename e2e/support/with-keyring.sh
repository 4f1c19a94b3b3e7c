#!/usr/bin/env bash
# Runs a command (default: the keychain integration test) inside a private D-Bus session
# with a real Secret Service: gnome-keyring-daemon with a fresh, unlocked "login" keyring
# in throwaway folders. The daemon ends with the bus when the command ends, so nothing
# touches the machine's own keyring.
#
#   bash e2e/support/with-keyring.sh                       # the keychain integration test
#   bash e2e/support/with-keyring.sh npx vitest run --project integration FILE...
#
# Needs apt packages dbus and gnome-keyring (libsecret-1-dev to build keytar).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-keyring: $tool is missing; install the apt packages dbus and gnome-keyring" >&2
    exit 2
  fi
done

if [ "$#" -eq 0 ]; then
  set -- npx vitest run --project integration src-main/accounts/secrets/keychain.int.test.ts
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/mailwright-keyring.XXXXXX")"
# The daemon usually leaves with its bus, but not always (one was seen alive, orphaned, long
# after its bus was gone). So it is stopped here too: ours is the one whose environment
# names this run's scratch folder (by PID; no other keyring daemon is touched).
stop_our_daemon() {
  local pid
  for pid in $(pgrep -x gnome-keyring-d || true); do
    # It may be leaving by itself meanwhile: a vanished /proc entry is no error.
    if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "MAILWRIGHT_KEYRING_SCRATCH=$scratch"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}
trap 'stop_our_daemon; rm -rf "$scratch"' EXIT
# A TERM or INT (a timeout, Ctrl-C) ends the run through the EXIT trap as well.
trap 'exit 143' TERM
trap 'exit 130' INT
mkdir -p "$scratch/data" "$scratch/runtime" "$scratch/cache" "$scratch/config"
chmod 700 "$scratch/runtime"

export MAILWRIGHT_KEYRING_SCRATCH="$scratch"
# The daemon must be running and unlocked BEFORE the first Secret Service call: a call
# first would D-Bus-activate a locked daemon, and every later call would fail with
# "Object does not exist at path .../collection/login".
dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$MAILWRIGHT_KEYRING_SCRATCH/data" XDG_RUNTIME_DIR="$MAILWRIGHT_KEYRING_SCRATCH/runtime"
  export XDG_CACHE_HOME="$MAILWRIGHT_KEYRING_SCRATCH/cache" XDG_CONFIG_HOME="$MAILWRIGHT_KEYRING_SCRATCH/config"
  eval "$(printf %s throwaway-keyring-password | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"
' with-keyring "$@" 2> >(grep -v -e "^dbus-daemon\[" -e "Failed to set fd limit" >&2)
