#!/usr/bin/env bash
# A private mail stack on 127.0.0.1, for the tests and for people trying the mail bot by hand:
#
#   Postfix (SMTP, RFC 5321) --LMTP (RFC 2033)--> Dovecot --> Maildir per user <--IMAP (RFC 3501)-- the desk
#
# Everything lives in one folder (MAILSTACK_DIR): the configurations, the users, the mailboxes, the
# queue, the logs and the pid files. Both servers run from private configurations (`dovecot -c FILE`,
# `postfix -c DIR`) with their own base, state, queue and data directories and high ports, so a
# system-wide Dovecot or Postfix on this machine is never touched. Every domain is delivered to
# Dovecot (nothing is relayed off the machine) and the user is the local part without its +detail:
# `nss+2600001C.token@nss-desk.localhost` lands in the mailbox of `nss`, `taro@example.jp` in `taro`'s.
#
# Dovecot offers STARTTLS on the IMAP port and implicit TLS on the IMAPS port, with a certificate for
# 127.0.0.1 signed by a private CA made for this stack (NODE_EXTRA_CA_CERTS in the env trusts it).
#
#   test/mailstack/mailstack.sh start          # installs the Debian packages when missing; needs root
#   eval "$(test/mailstack/mailstack.sh env)"   # NSS_IMAP_URL, NSS_SMTP_URL, NODE_EXTRA_CA_CERTS, users
#   test/mailstack/mailstack.sh stop
#   test/mailstack/mailstack.sh stop-dovecot | start-dovecot    # fault tests: the IMAP server goes away
#
# Settings (environment): MAILSTACK_DIR (default $TMPDIR/nss-mailstack), MAILSTACK_USERS (default
# "nss taro admin"), MAILSTACK_IMAP_PORT, MAILSTACK_IMAPS_PORT, MAILSTACK_LMTP_PORT, MAILSTACK_SMTP_PORT
# (default: free ports chosen at start). Passwords are random, made at the first start, kept in the folder.
set -euo pipefail

STACK_DIR="${MAILSTACK_DIR:-${TMPDIR:-/tmp}/nss-mailstack}"
PACKAGES=(dovecot-imapd dovecot-lmtpd postfix)

log() { printf 'mailstack: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# --- install -----------------------------------------------------------------------------------------

# Installs the Debian packages when missing. Postfix is preseeded "No configuration" so its package
# writes no main.cf; when the machine has no policy-rc.d, one is put in place for the install alone so
# that the packages do not start system-wide daemons.
install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root to install them"
  log "installing ${missing[*]}"
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
  fi
  local status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } || status=$?
  [ "$added_policy" -eq 1 ] && rm -f "$policy"
  [ "$status" -eq 0 ] || die "apt-get install ${missing[*]} failed ($status)"
}

# --- ports -------------------------------------------------------------------------------------------

is_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A free port in 20000–59999 that none of the other chosen ports already takes.
free_port() {
  local port tries=0
  while [ "$tries" -lt 200 ]; do
    port=$((20000 + RANDOM % 40000))
    tries=$((tries + 1))
    case " $* " in *" $port "*) continue ;; esac
    if is_port_free "$port"; then echo "$port"; return 0; fi
  done
  die 'no free port found'
}

# --- configuration -----------------------------------------------------------------------------------

# Chooses ports and passwords once; later starts of the same folder keep them.
write_settings() {
  mkdir -p "$STACK_DIR"
  chmod 755 "$STACK_DIR"
  STACK_DIR="$(cd "$STACK_DIR" && pwd)"
  if [ -f "$STACK_DIR/settings" ]; then
    # shellcheck source=/dev/null
    . "$STACK_DIR/settings"
    return 0
  fi
  local imap imaps lmtp smtp
  imap="${MAILSTACK_IMAP_PORT:-$(free_port)}"
  imaps="${MAILSTACK_IMAPS_PORT:-$(free_port "$imap")}"
  lmtp="${MAILSTACK_LMTP_PORT:-$(free_port "$imap" "$imaps")}"
  smtp="${MAILSTACK_SMTP_PORT:-$(free_port "$imap" "$imaps" "$lmtp")}"
  local users="${MAILSTACK_USERS:-nss taro admin}" user credentials=''
  for user in $users; do
    [[ "$user" =~ ^[a-z0-9][a-z0-9._-]*$ ]] || die "not a plain user name: $user"
    credentials="$credentials $user:$(openssl rand -hex 8)"
  done
  cat >"$STACK_DIR/settings" <<EOF
IMAP_PORT=$imap
IMAPS_PORT=$imaps
LMTP_PORT=$lmtp
SMTP_PORT=$smtp
CREDENTIALS='${credentials# }'
EOF
  chmod 600 "$STACK_DIR/settings"
  # shellcheck source=/dev/null
  . "$STACK_DIR/settings"
}

password_of() {
  local entry
  for entry in $CREDENTIALS; do
    [ "${entry%%:*}" = "$1" ] && { echo "${entry#*:}"; return 0; }
  done
  return 1
}

# A private CA and a server certificate for 127.0.0.1 / localhost (RFC 5280 subjectAltName).
write_certificates() {
  local tls="$STACK_DIR/tls"
  [ -f "$tls/server.pem" ] && return 0
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=nss-desk mail stack CA' \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' \
    -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
    -days 30 -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
  chmod 600 "$tls/ca.key" "$tls/server.key"
}

write_dovecot_config() {
  local dir="$STACK_DIR/dovecot" user
  mkdir -p "$dir/run" "$dir/state" "$STACK_DIR/mail"
  chown nobody:nogroup "$STACK_DIR/mail"
  # passwd-file (user:{PLAIN}password:uid:gid::home): the mail of every user is owned by nobody.
  : >"$dir/users"
  for entry in $CREDENTIALS; do
    user="${entry%%:*}"
    printf '%s:{PLAIN}%s:65534:65534::%s::\n' "$user" "${entry#*:}" "$STACK_DIR/mail/$user" >>"$dir/users"
  done
  chown root:dovecot "$dir/users"
  chmod 640 "$dir/users"
  cat >"$dir/dovecot.conf" <<EOF
# Private Dovecot of the nss-desk mail stack (test/mailstack/mailstack.sh); not the system's.
instance_name = nss-mailstack-$IMAP_PORT
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:~/Maildir
# The user is the local part: any domain, and +detail is dropped (lmtp_save_to_detail_mailbox = no).
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
auth_username_format = %Ln
auth_mechanisms = plain login
disable_plaintext_auth = no
ssl = yes
ssl_cert = <$STACK_DIR/tls/server.pem
ssl_key = <$STACK_DIR/tls/server.key
ssl_min_protocol = TLSv1.2
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Ln $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%Ln $dir/users
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Done {
    auto = create
  }
}
protocol imap {
  # The tests open many sessions of one user at once.
  mail_max_userip_connections = 100
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
  inet_listener pop3 {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
EOF
}

write_postfix_config() {
  local dir="$STACK_DIR/postfix"
  mkdir -p "$dir/queue" "$dir/data"
  chown root:root "$dir/queue"
  chown postfix:postfix "$dir/data"
  cat >"$dir/main.cf" <<EOF
# Private Postfix of the nss-desk mail stack (test/mailstack/mailstack.sh); not the system's.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mailstack.test
mydomain = mailstack.test
myorigin = mailstack.test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# No syslog here: Postfix writes its own log (postlogd).
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
# Nothing is local, nothing is relayed off the machine: every domain goes to Dovecot over LMTP.
mydestination =
local_recipient_maps =
relay_domains =
alias_maps =
alias_database =
default_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
relay_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
recipient_delimiter = +
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtpd_tls_security_level = none
smtp_tls_security_level = none
lmtp_tls_security_level = none
smtp_dns_support_level = disabled
biff = no
append_dot_mydomain = no
readme_directory = no
delay_warning_time = 0
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
queue_run_delay = 10s
minimal_backoff_time = 5s
maximal_backoff_time = 30s
message_size_limit = 52428800
EOF
  # No chroot (the queue is in a temporary folder); smtpd on the stack's own port only.
  cat >"$dir/master.cf" <<EOF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

write_env() {
  local nss_password
  nss_password="$(password_of nss)" || die 'MAILSTACK_USERS must include nss (the desk)'
  {
    echo "export MAILSTACK_DIR='$STACK_DIR'"
    echo "export MAILSTACK_IMAP_PORT=$IMAP_PORT MAILSTACK_IMAPS_PORT=$IMAPS_PORT MAILSTACK_LMTP_PORT=$LMTP_PORT MAILSTACK_SMTP_PORT=$SMTP_PORT"
    echo "# user:password, one IMAP account each (any domain delivers to the local part)"
    echo "export MAILSTACK_USERS='$CREDENTIALS'"
    echo "export NODE_EXTRA_CA_CERTS='$STACK_DIR/tls/ca.pem'"
    echo "export NSS_IMAP_URL='imap://nss:$nss_password@127.0.0.1:$IMAP_PORT/INBOX'"
    echo "export NSS_SMTP_URL='smtp://127.0.0.1:$SMTP_PORT'"
  } >"$STACK_DIR/env"
  chmod 600 "$STACK_DIR/env"
}

# --- processes ---------------------------------------------------------------------------------------

wait_for_port() {
  local port="$1" what="$2" i
  for i in $(seq 1 100); do
    is_port_free "$port" || return 0
    sleep 0.1
  done
  die "$what did not listen on 127.0.0.1:$port; see $STACK_DIR"
}

dovecot_pid() {
  local file="$STACK_DIR/dovecot/run/master.pid"
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}

start_dovecot() {
  dovecot_pid >/dev/null && return 0
  # The daemons must not keep this script's stdout/stderr open: a caller reading them would wait forever.
  dovecot -c "$STACK_DIR/dovecot/dovecot.conf" </dev/null >/dev/null 2>"$STACK_DIR/dovecot/start.err" \
    || die "dovecot did not start: $(cat "$STACK_DIR/dovecot/start.err"); see $STACK_DIR/dovecot/dovecot.log"
  wait_for_port "$IMAP_PORT" dovecot
  wait_for_port "$LMTP_PORT" 'dovecot lmtp'
}

# Stops the master and every process it started (by pid): the sessions end as in a real restart,
# instead of lingering after their master is gone.
stop_dovecot() {
  local pid i children child
  pid="$(dovecot_pid)" || return 0
  children="$(ps -o pid= --ppid "$pid" || true)"
  kill "$pid"
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  for child in $children; do
    kill "$child" 2>/dev/null || true
  done
  for i in $(seq 1 50); do
    local alive=0
    for child in $children; do kill -0 "$child" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for child in $children; do kill -9 "$child" 2>/dev/null || true; done
  # The master is gone once its port is closed.
  for i in $(seq 1 50); do
    is_port_free "$IMAP_PORT" && return 0
    sleep 0.1
  done
}

start_postfix() {
  postfix -c "$STACK_DIR/postfix" status >/dev/null 2>&1 && return 0
  postfix -c "$STACK_DIR/postfix" start </dev/null >/dev/null 2>&1 \
    || die "postfix did not start; see $STACK_DIR/postfix/maillog"
  wait_for_port "$SMTP_PORT" postfix
}

stop_postfix() {
  [ -f "$STACK_DIR/postfix/main.cf" ] || return 0
  postfix -c "$STACK_DIR/postfix" status >/dev/null 2>&1 || return 0
  postfix -c "$STACK_DIR/postfix" stop >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 100); do
    postfix -c "$STACK_DIR/postfix" status >/dev/null 2>&1 || return 0
    sleep 0.1
  done
}

# --- commands ----------------------------------------------------------------------------------------

cmd_start() {
  install_packages
  [ "$(id -u)" -eq 0 ] || die 'the mail stack runs its servers as root (Postfix and Dovecot drop privileges themselves)'
  write_settings
  write_certificates
  write_dovecot_config
  write_postfix_config
  write_env
  start_dovecot
  start_postfix
  log "running in $STACK_DIR: IMAP 127.0.0.1:$IMAP_PORT (STARTTLS), IMAPS :$IMAPS_PORT, SMTP :$SMTP_PORT, LMTP :$LMTP_PORT"
  log "eval \"\$($0 env)\" to use it"
}

cmd_stop() {
  [ -f "$STACK_DIR/settings" ] || return 0
  # shellcheck source=/dev/null
  . "$STACK_DIR/settings"
  stop_postfix
  stop_dovecot
}

cmd_env() {
  [ -f "$STACK_DIR/env" ] || die "no mail stack in $STACK_DIR; run: $0 start"
  cat "$STACK_DIR/env"
}

with_settings() {
  [ -f "$STACK_DIR/settings" ] || die "no mail stack in $STACK_DIR; run: $0 start"
  # shellcheck source=/dev/null
  . "$STACK_DIR/settings"
  "$@"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  stop-dovecot) with_settings stop_dovecot ;;
  start-dovecot) with_settings start_dovecot ;;
  status)
    with_settings true
    if dovecot_pid >/dev/null; then echo "dovecot: running (pid $(dovecot_pid))"; else echo 'dovecot: stopped'; fi
    if postfix -c "$STACK_DIR/postfix" status >/dev/null 2>&1; then echo 'postfix: running'; else echo 'postfix: stopped'; fi
    ;;
  *)
    echo "usage: $0 start|stop|env|status|stop-dovecot|start-dovecot   (folder: \$MAILSTACK_DIR, now $STACK_DIR)" >&2
    exit 2
    ;;
esac
