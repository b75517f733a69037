#!/usr/bin/env bash
# A private PostgreSQL cluster on 127.0.0.1, for the tests (NSS_TEST_STORE=postgres) and for people
# trying the desk on PostgreSQL by hand.
#
# Everything lives in one folder (PGSTACK_DIR): the data directory, the socket, the log and the
# settings. The cluster is made with Debian's own binaries (/usr/lib/postgresql/<version>/bin: initdb,
# pg_ctl) as the `postgres` user, from its own data directory on a free high port, so a system-wide
# cluster on this machine is never touched. It listens on 127.0.0.1 only and asks for a password
# (scram-sha-256) from the one superuser it has, `nss`, whose random password is made at the first
# start and kept in the folder.
#
#   test/pgstack/pgstack.sh start              # installs the Debian package `postgresql` when missing; needs root
#   eval "$(test/pgstack/pgstack.sh env)"       # NSS_TEST_PG_URL=postgres://nss:…@127.0.0.1:PORT/postgres
#   test/pgstack/pgstack.sh stop                # also: status
#
# Settings (environment): PGSTACK_DIR (default $TMPDIR/nss-pgstack), PGSTACK_PORT (default: a free
# port chosen at the first start).
set -euo pipefail

STACK_DIR="${PGSTACK_DIR:-${TMPDIR:-/tmp}/nss-pgstack}"

log() { printf 'pgstack: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Installs Debian's `postgresql` when missing. When the machine has no policy-rc.d, one is put in
# place for the install alone, so the package does not start its system-wide cluster.
install_packages() {
  dpkg -s postgresql >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || die 'missing the Debian package postgresql; run as root to install it'
  log 'installing postgresql'
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
  fi
  local status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || status=$?
  [ "$added_policy" -eq 1 ] && rm -f "$policy"
  [ "$status" -eq 0 ] || die "apt-get install postgresql failed ($status)"
}

# The newest server version Debian installed.
bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] || die 'no PostgreSQL server binaries under /usr/lib/postgresql'
  echo "$dir"
}

is_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local port tries=0
  while [ "$tries" -lt 200 ]; do
    port=$((20000 + RANDOM % 40000))
    tries=$((tries + 1))
    if is_port_free "$port"; then echo "$port"; return 0; fi
  done
  die 'no free port found'
}

# As the cluster's owner: root runs the binaries as `postgres` (initdb refuses root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Chooses the port and the password once; later starts of the same folder keep them.
write_settings() {
  mkdir -p "$STACK_DIR"
  STACK_DIR="$(cd "$STACK_DIR" && pwd)"
  if [ ! -f "$STACK_DIR/settings" ]; then
    local port password
    port="${PGSTACK_PORT:-$(free_port)}"
    password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
    printf 'PORT=%s\nPASSWORD=%s\n' "$port" "$password" >"$STACK_DIR/settings"
    chmod 600 "$STACK_DIR/settings"
  fi
  # shellcheck disable=SC1091
  . "$STACK_DIR/settings"
}

init_cluster() {
  [ -f "$STACK_DIR/data/PG_VERSION" ] && return 0
  local bin
  bin="$(bin_dir)"
  mkdir -p "$STACK_DIR/data" "$STACK_DIR/run"
  printf '%s\n' "$PASSWORD" >"$STACK_DIR/pwfile"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$STACK_DIR/data" "$STACK_DIR/run" "$STACK_DIR/pwfile"
    # The owner must reach the folder: a mkdtemp folder under /tmp is 0700 root.
    chmod 755 "$STACK_DIR"
  fi
  as_owner "$bin/initdb" -D "$STACK_DIR/data" -U nss --pwfile="$STACK_DIR/pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$STACK_DIR/initdb.log" 2>&1 || { cat "$STACK_DIR/initdb.log" >&2; die 'initdb failed'; }
  rm -f "$STACK_DIR/pwfile"
  cat >>"$STACK_DIR/data/postgresql.conf" <<EOF
# pgstack: loopback only, its own socket folder, sized for tests (many short-lived databases). A
# throwaway cluster: commits are not flushed to disk (a crash of the machine may lose the last ones;
# a killed client loses nothing), which makes the suite's thousands of small transactions cheap.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$STACK_DIR/run'
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF
}

cmd_start() {
  install_packages
  write_settings
  init_cluster
  if is_running; then log "already running on 127.0.0.1:$PORT"; return 0; fi
  local bin
  bin="$(bin_dir)"
  as_owner "$bin/pg_ctl" -D "$STACK_DIR/data" -l "$STACK_DIR/data/server.log" -w -t 60 start >/dev/null \
    || { tail -n 30 "$STACK_DIR/data/server.log" >&2 || true; die 'the server did not start'; }
  log "PostgreSQL on 127.0.0.1:$PORT (folder $STACK_DIR)"
}

is_running() {
  [ -f "$STACK_DIR/data/postmaster.pid" ] && as_owner "$(bin_dir)/pg_ctl" -D "$STACK_DIR/data" status >/dev/null 2>&1
}

cmd_stop() {
  [ -f "$STACK_DIR/settings" ] || { log 'not started'; return 0; }
  . "$STACK_DIR/settings"
  if is_running; then
    as_owner "$(bin_dir)/pg_ctl" -D "$STACK_DIR/data" -m fast -w stop >/dev/null
    log 'stopped'
  fi
}

cmd_env() {
  [ -f "$STACK_DIR/settings" ] || die "not started (no $STACK_DIR/settings)"
  . "$STACK_DIR/settings"
  printf "export NSS_TEST_PG_URL='postgres://nss:%s@127.0.0.1:%s/postgres'\n" "$PASSWORD" "$PORT"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  status)
    write_settings
    if is_running; then echo "running on 127.0.0.1:$PORT"; else echo 'stopped'; exit 3; fi
    ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
