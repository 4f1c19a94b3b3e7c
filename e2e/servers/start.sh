#!/usr/bin/env bash
# Starts the real mail and DNS servers on loopback for the tests: Dovecot, Postfix, BIND,
# Unbound. Every config is generated into runtime/ from templates/; nothing in /etc is used.
# Idempotent: if everything already runs and answers, it says so and exits 0; if a previous
# run left something half-alive, that is stopped first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
t0=$(date +%s%N)
[ "$(id -u)" -eq 0 ] || die "must run as root (binds ports < 1024, adds lo addresses, runs daemons as their users)"
for bin in dovecot doveadm postfix named unbound dig openssl ip node; do
  command -v "$bin" >/dev/null || die "$bin not found: run .ci/install-apt.sh"
done

mkdir -p "$RUNTIME" "$STATE"
exec 9>"$RUNTIME/.lock"
flock -w 60 9 || die "another start/stop holds $RUNTIME/.lock"

all_healthy() {
  local d
  for d in "${DAEMONS[@]}"; do pid_alive "$(recorded_pid "$d")" "$(daemon_cmd "$d")" || return 1; done
  [ -f "$RUNTIME/servers.json" ] || return 1
  ports_ready && dns_ready
}
ports_ready() {
  local p
  for p in 143 993 110 995 587 465 2525 2526 24; do port_open "$MAIL_HOST" "$p" || return 1; done
  port_open 127.0.1.4 995 && port_open "$MX_HOST" 25
}
dns_ready() {
  dns_answers "$DNS_ROOT" . && dns_answers "$DNS_TLD" test. && dns_answers "$DNS_AUTH" example.test. &&
    dig +time=1 +tries=1 "@$DNS_RECURSIVE" version.server CH TXT >/dev/null 2>&1
}

# --check: only report whether the servers are up (exit 0) or not (exit 1); start nothing.
if [ "${1:-}" = "--check" ]; then
  if all_healthy; then log "servers: running and healthy"; exit 0; fi
  log "servers: not running"; exit 1
fi
if all_healthy; then
  log "servers: already running and healthy (runtime: $RUNTIME)"
  exit 0
fi
# Anything recorded but not healthy is stale: stop it before starting afresh.
if compgen -G "$STATE/*.pid" >/dev/null || [ -f "$STATE/added-addrs" ]; then
  log "servers: cleaning up a stale run"
  stop_all
fi

# Our addresses and ports must be free: a leftover from elsewhere (or an instance with another
# runtime dir) would answer in our place. Say who holds them instead of starting half a set.
busy="$(ss -Hltunp 2>/dev/null | awk '{print $1, $5, $7}' | grep -E \
  " ((127\.0\.1\.1|0\.0\.0\.0|\*|\[::\]):(143|993|110|995|587|465|2525|2526|24)|(127\.0\.1\.2|0\.0\.0\.0|\*|\[::\]):25|127\.0\.1\.4:995|(127\.0\.53\.(1|2|3|53)|0\.0\.0\.0|\*|\[::\]):53) " || true)"
[ -z "$busy" ] || die "ports the harness needs are already in use (by a run with another runtime dir?):
$busy"

# ---------------------------------------------------------------- configuration
# A straggler (say a test's doveadm still saving a message) may write while we delete: retry.
for d in tls dovecot postfix named unbound mail seed logs; do
  for try in 1 2 3 4 5; do
    rm -rf "${RUNTIME:?}/$d" 2>/dev/null && break
    [ "$try" -lt 5 ] || die "cannot remove $RUNTIME/$d: something still writes there"
    sleep 0.2
  done
done
mkdir -p "$RUNTIME"/{tls,dovecot/run,dovecot/state,postfix/etc,postfix/spool,postfix/data,named,unbound,mail,logs}
# Postfix's own check wants everything under its config directory owned by root: keep the
# queue and data directories (owned by postfix) beside it, not inside.
PFCONF="$RUNTIME/postfix/etc"

render() { # template -> file, substituting @NAME@ placeholders
  sed -e "s|@RUNTIME@|$RUNTIME|g" -e "s|@MAIL_HOST@|$MAIL_HOST|g" -e "s|@MX_HOST@|$MX_HOST|g" \
    -e "s|@MX_DEAD_HOST@|$MX_DEAD_HOST|g" -e "s|@DNS_ROOT@|$DNS_ROOT|g" -e "s|@DNS_TLD@|$DNS_TLD|g" \
    -e "s|@DNS_AUTH@|$DNS_AUTH|g" -e "s|@DNS_RECURSIVE@|$DNS_RECURSIVE|g" "$1" >"$2"
}

bash "$HERE/gen-certs.sh" "$RUNTIME/tls"

# Users: name, password. Passwords are plaintext in the passdb so APOP and CRAM-MD5 work.
USERS=(alice bob carol pop1 pop2 pop3 pop4 uni)
declare -A PASSWORDS=(
  [alice]='alice-pass-1' [bob]='bob-pass-2' [carol]='carol-pass-3'
  [pop1]='pop1-pass' [pop2]='pop2-pass' [pop3]='pop3-pass' [pop4]='pop4-pass'
  [uni]='pässwörd-ü'
)
SEEDED_USERS=(alice pop1 pop2 pop3 pop4)
: >"$RUNTIME/dovecot/users"
: >"$PFCONF/vmailbox"
for u in "${USERS[@]}"; do
  printf '%s@example.test:{PLAIN}%s:8:8::%s/mail/%s::\n' "$u" "${PASSWORDS[$u]}" "$RUNTIME" "$u" >>"$RUNTIME/dovecot/users"
  printf '%s@example.test OK\n' "$u" >>"$PFCONF/vmailbox"
done
printf 'postmaster@example.test OK\n' >>"$PFCONF/vmailbox"
# discard@example.test is accepted and dropped on arrival (bench/smtp: nothing is delivered or bounced).
printf 'discard@example.test OK\n' >>"$PFCONF/vmailbox"
printf 'discard@example.test discard:\n' >"$PFCONF/transport"
printf '@nomx.test bob@example.test\n' >"$PFCONF/valias"
chown root:dovecot "$RUNTIME/dovecot/users"
chmod 0640 "$RUNTIME/dovecot/users"
chown mail:mail "$RUNTIME/mail"

render "$HERE/templates/dovecot.conf" "$RUNTIME/dovecot/dovecot.conf"
render "$HERE/templates/postfix-main.cf" "$PFCONF/main.cf"
render "$HERE/templates/postfix-master.cf" "$PFCONF/master.cf"
render "$HERE/templates/named.conf" "$RUNTIME/named/named.conf"
render "$HERE/templates/unbound.conf" "$RUNTIME/unbound/unbound.conf"
render "$HERE/templates/root.hints" "$RUNTIME/unbound/root.hints"
for z in root test example.test nullmx.test nomx.test glueless.test; do
  render "$HERE/templates/zones/$z.zone" "$RUNTIME/named/$z.zone"
done
# bigmx.test: the MX answer alone exceeds 1232 bytes (truncated even with EDNS).
# medmx.test: 600-1100 bytes (truncated only for a query without EDNS, limit 512).
mx_zone() { # domain count
  local domain="$1" count="$2" i name
  render "$HERE/templates/zones/mx-set.zone" "$RUNTIME/named/$domain.zone"
  sed -i -e "s|@DOMAIN@|$domain|g" -e "s|@COUNT@|$count|g" "$RUNTIME/named/$domain.zone"
  for ((i = 1; i <= count; i++)); do
    name="$(printf 'mx%02d-a-long-exchange-name' "$i")"
    printf '@ IN MX %d %s.%s.\n%s IN A %s\n' "$i" "$name" "$domain" "$name" "$MX_HOST" >>"$RUNTIME/named/$domain.zone"
  done
}
mx_zone bigmx.test 40
mx_zone medmx.test 20
chown -R bind:bind "$RUNTIME/named"

# Postfix re-reads config files younger than ~2 s (sleeping 300 ms a round): backdate them.
touch -d @1700000000 "$PFCONF/main.cf" "$PFCONF/master.cf" "$PFCONF/vmailbox" "$PFCONF/valias" "$PFCONF/transport"
chown postfix:postfix "$RUNTIME/postfix/data"

# Built in the background while the daemons start; imported once Dovecot answers.
node "$HERE/seed/build-seed.mjs" "$RUNTIME/seed" 9>&- &
seed_pid=$!

# ---------------------------------------------------------------- loopback addresses
: >"$STATE/added-addrs"
for a in "${NAMED_ADDRS[@]}"; do
  if ! ip -4 -o addr show dev lo | grep -q " $a/"; then
    ip addr add "$a/32" dev lo
    echo "$a" >>"$STATE/added-addrs"
  fi
done

# ---------------------------------------------------------------- daemons
# Each runs in the foreground of its own background job (fd 9, our lock, closed), so $! is
# the daemon's PID; Postfix daemonises and reports its master PID in a file.
launch() { # name logfile command...
  local name="$1" logf="$2"; shift 2
  setsid "$@" </dev/null >"$logf" 2>&1 9>&- &
  echo $! >"$STATE/$name.pid"
}
launch named "$LOGS/named.log" named -g -4 -u bind -c "$RUNTIME/named/named.conf"
launch unbound "$LOGS/unbound.log" unbound -d -c "$RUNTIME/unbound/unbound.conf"
launch dovecot "$LOGS/dovecot.stderr" dovecot -F -c "$RUNTIME/dovecot/dovecot.conf"
# Postfix prints fatal start errors (a port in use, a bad parameter) only to a terminal, and
# its log daemon is not up yet to record them: `script` gives it a terminal to print them on.
if ! script -qec "postfix -c '$PFCONF' start" /dev/null </dev/null >"$LOGS/postfix-start.log" 2>&1 9>&-; then
  tr -d '\r' <"$LOGS/postfix-start.log" >&2
  stop_all >&2
  die "postfix did not start (log: $LOGS/postfix-start.log)"
fi
for _ in $(seq 1 100); do
  [ -s "$RUNTIME/postfix/spool/pid/master.pid" ] && break
  sleep 0.05
done
tr -d ' ' <"$RUNTIME/postfix/spool/pid/master.pid" >"$STATE/postfix.pid" 2>/dev/null || true

daemon_logs() {
  case "$1" in
    dovecot) echo "$LOGS/dovecot.stderr" "$LOGS/dovecot.log" ;;
    postfix) echo "$LOGS/postfix-start.log" "$LOGS/postfix.log" ;;
    *) echo "$LOGS/$1.log" ;;
  esac
}
fail() { # daemon...: print their own words, stop everything, exit 1
  local d
  for d in "$@"; do
    echo "servers: $d did not come up; its log:"
    # shellcheck disable=SC2046
    tail -n 20 $(daemon_logs "$d") 2>/dev/null
  done >&2
  stop_all >&2
  exit 1
}
not_answering() { # names what does not answer yet, for the timeout message
  local p out=()
  for p in 143 993 110 995 24; do port_open "$MAIL_HOST" "$p" || out+=("dovecot:$p"); done
  for p in 587 465 2525 2526; do port_open "$MAIL_HOST" "$p" || out+=("postfix:$p"); done
  port_open "$MX_HOST" 25 || out+=("postfix:$MX_HOST:25")
  dns_answers "$DNS_ROOT" . || out+=("named:$DNS_ROOT")
  dns_answers "$DNS_TLD" test. || out+=("named:$DNS_TLD")
  dns_answers "$DNS_AUTH" example.test. || out+=("named:$DNS_AUTH")
  dig +time=1 +tries=1 "@$DNS_RECURSIVE" version.server CH TXT >/dev/null 2>&1 || out+=("unbound")
  echo "${out[*]}"
}
# Wait until every port answers (or a daemon dies, or 25 s pass).
deadline=$((SECONDS + 25))
until ports_ready && dns_ready; do
  for d in "${DAEMONS[@]}"; do pid_alive "$(recorded_pid "$d")" "$(daemon_cmd "$d")" || fail "$d"; done
  if [ $SECONDS -ge $deadline ]; then
    echo "servers: not answering after 25 s: $(not_answering)" >&2
    fail "${DAEMONS[@]}"
  fi
  sleep 0.05
done

# ---------------------------------------------------------------- seed mailboxes
wait "$seed_pid" || fail seed
chown -R mail:mail "$RUNTIME/seed"
DOVEADM=(doveadm -c "$RUNTIME/dovecot/dovecot.conf")
import_pids=()
for u in "${SEEDED_USERS[@]}"; do
  "${DOVEADM[@]}" import -u "$u@example.test" "maildir:$RUNTIME/seed:LAYOUT=fs" "" all 9>&- &
  import_pids+=($!)
done
for p in "${import_pids[@]}"; do wait "$p" || fail dovecot; done
for u in "${SEEDED_USERS[@]}"; do
  # The import leaves a mailbox-list index that marks Work (parent of Work/Projects) as
  # \Noselect; Dovecot rebuilds a correct one from the directories on next access.
  rm -f "$RUNTIME/mail/$u/Maildir/dovecot.list.index"*
done
# Full recursion once: Unbound -> root -> test. -> example.test must work before tests run.
dig +time=2 +tries=2 "@$DNS_RECURSIVE" example.test MX | grep -q 'status: NOERROR' || fail unbound

# ---------------------------------------------------------------- servers.json
json_users=""
for u in "${USERS[@]}"; do
  json_users+="$(printf '    "%s": { "user": "%s@example.test", "password": "%s" },\n' "$u" "$u" "${PASSWORDS[$u]}")"$'\n'
done
cat >"$RUNTIME/servers.json.tmp" <<JSON
{
  "runtimeDir": "$RUNTIME",
  "caFile": "$RUNTIME/tls/ca.crt",
  "domain": "example.test",
  "mail": { "host": "$MAIL_HOST", "hostname": "mail.example.test", "imap": 143, "imaps": 993, "pop3": 110,
            "pop3s": 995, "submission": 587, "submissions": 465, "smtpPlain": 2525, "smtp7bit": 2526, "lmtp": 24,
            "pop3Locked": { "host": "127.0.1.4", "port": 995 } },
  "mx": { "host": "$MX_HOST", "port": 25, "deadHost": "$MX_DEAD_HOST" },
  "dns": { "root": "$DNS_ROOT", "tld": "$DNS_TLD", "auth": "$DNS_AUTH", "recursive": "$DNS_RECURSIVE", "port": 53 },
  "users": {
${json_users%,$'\n'}
  },
  "seededUsers": [$(printf '"%s",' "${SEEDED_USERS[@]}" | sed 's/,$//')],
  "dovecotConfig": "$RUNTIME/dovecot/dovecot.conf",
  "seedDir": "$RUNTIME/seed",
  "mailDir": "$RUNTIME/mail",
  "logsDir": "$LOGS"
}
JSON
mv "$RUNTIME/servers.json.tmp" "$RUNTIME/servers.json"

ms=$(( ($(date +%s%N) - t0) / 1000000 ))
pids=""
for d in "${DAEMONS[@]}"; do pids+="$d=$(recorded_pid "$d") "; done
log "servers: ready in ${ms} ms — ${pids% }"
log "  mail $MAIL_HOST: imap 143 imaps 993 pop3 110 pop3s 995 submission 587 submissions 465 weak-smtp 2525 7-bit-smtp 2526 lmtp 24; pop3s with session lock 127.0.1.4:995"
log "  mx $MX_HOST:25 (mx1 $MX_DEAD_HOST: nothing listens); dns root $DNS_ROOT tld $DNS_TLD auth $DNS_AUTH recursive $DNS_RECURSIVE"
log "  CA $RUNTIME/tls/ca.crt; env $RUNTIME/servers.json; logs $LOGS"
