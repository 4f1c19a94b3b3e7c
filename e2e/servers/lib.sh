# Shared by start.sh and stop.sh: where things live and which addresses we own.
# shellcheck shell=bash
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNTIME="${MAILWRIGHT_SERVERS_RUNTIME:-$HERE/runtime}"
STATE="$RUNTIME/state"          # pids + the loopback addresses we added
LOGS="$RUNTIME/logs"

MAIL_HOST=127.0.1.1
MX_HOST=127.0.1.2
MX_DEAD_HOST=127.0.1.3
DNS_ROOT=127.0.53.1
DNS_TLD=127.0.53.2
DNS_AUTH=127.0.53.3
DNS_RECURSIVE=127.0.53.53
# named enumerates interfaces and only listens on addresses that exist, so these must be
# on lo. Everything else binds its 127/8 address directly (Linux routes all of 127/8 to lo).
NAMED_ADDRS=("$DNS_ROOT" "$DNS_TLD" "$DNS_AUTH")
DAEMONS=(dovecot postfix named unbound)

log() { printf '%s\n' "$*"; }
die() { printf 'servers: %s\n' "$*" >&2; exit 1; }

# A PID belongs to us only while /proc/PID/cmdline is non-empty and names the daemon:
# a zombie re-parented to PID 1 keeps /proc/PID but loses its cmdline.
pid_alive() {
  local pid="$1" want="$2" cmd
  [ -n "$pid" ] || return 1
  cmd="$( { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)" || return 1
  [ -n "$cmd" ] && [[ "$cmd" == *"$want"* ]]
}

recorded_pid() { cat "$STATE/$1.pid" 2>/dev/null || true; }

# The program name each daemon's recorded PID must show in its cmdline.
daemon_cmd() {
  case "$1" in
    dovecot) echo dovecot ;;
    postfix) echo master ;;
    named) echo named ;;
    unbound) echo unbound ;;
  esac
}

# All descendants of a PID (children's children too), from /proc/*/stat's ppid field.
descendants() {
  local root="$1" stat line pid rest ppid
  declare -A kids=()
  for stat in /proc/[0-9]*/stat; do
    line="$(cat "$stat" 2>/dev/null)" || continue
    pid="${line%% *}"
    # ppid follows "(comm) state"; comm may hold spaces, so cut after the last ") ".
    rest="${line##*) }"
    rest="${rest#* }"
    ppid="${rest%% *}"
    kids[$ppid]+="$pid "
  done
  local queue=("$root") out=() p c
  while [ ${#queue[@]} -gt 0 ]; do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    for c in ${kids[$p]:-}; do out+=("$c"); queue+=("$c"); done
  done
  echo "${out[@]:-}"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
dns_answers() { dig +norec +time=1 +tries=1 "@$1" "$2" "${3:-SOA}" 2>/dev/null | grep -q 'status: NOERROR'; }

# Ends every daemon recorded in $STATE (and all their children), then removes the loopback
# addresses we added. Safe to call when nothing runs. Prints one line per thing it did.
stop_all() {
  local d pid want all=() p deadline stopped=()
  for d in "${DAEMONS[@]}"; do
    pid="$(recorded_pid "$d")"
    want="$(daemon_cmd "$d")"
    if pid_alive "$pid" "$want"; then
      # Children first in the list so we can wait for them too (Dovecot/Postfix workers).
      all+=("$pid" $(descendants "$pid"))
      kill -TERM "$pid" 2>/dev/null || true
      stopped+=("$d($pid)")
    fi
    rm -f "$STATE/$d.pid"
  done
  deadline=$((SECONDS + 10))
  for p in "${all[@]}"; do
    while [ -n "$( { tr -d '\0' <"/proc/$p/cmdline"; } 2>/dev/null)" ]; do
      if [ $SECONDS -ge $deadline ]; then kill -KILL "$p" 2>/dev/null || true; sleep 0.1; break; fi
      sleep 0.05
    done
  done
  local addr removed=()
  if [ -f "$STATE/added-addrs" ]; then
    while read -r addr; do
      [ -n "$addr" ] || continue
      ip addr del "$addr/32" dev lo 2>/dev/null && removed+=("$addr")
    done <"$STATE/added-addrs"
    rm -f "$STATE/added-addrs"
  fi
  rm -f "$RUNTIME/servers.json"
  if [ ${#stopped[@]} -eq 0 ] && [ ${#removed[@]} -eq 0 ]; then
    log "servers: nothing was running"
  else
    log "servers: stopped ${stopped[*]:-nothing}; ${#all[@]} processes ended; removed lo addresses: ${removed[*]:-none}"
  fi
}
