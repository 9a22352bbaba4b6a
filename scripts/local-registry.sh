#!/usr/bin/env bash
# Local, unauthenticated OCI/Docker registry on 127.0.0.1 for offline work and
# tests, using Debian's `docker-registry` package (CNCF distribution 2.8) with
# a config of our own (the packaged one enables htpasswd auth). No Docker
# engine and no systemd service is involved.
set -euo pipefail

LOG_PREFIX=local-registry
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
Usage: scripts/local-registry.sh start|stop|status [--port N] [--data-dir DIR] [--htpasswd FILE]

Runs a plain-HTTP registry (no auth, delete enabled) on 127.0.0.1:PORT in the background, with
Debian's docker-registry. Images pushed there are stored under DIR/storage.

Commands:
  start    start the registry; does nothing if it already runs (exit 0)
  stop     stop the registry started from DIR; does nothing if stopped
  status   print running/stopped and the address; exit 0 running, 3 stopped

Options:
  --port N          TCP port on 127.0.0.1 (default: \$LOCAL_REGISTRY_PORT or 5000)
  --data-dir DIR    its files (default: \$LOCAL_REGISTRY_DIR or <repo>/target/local-registry)
  --htpasswd FILE   with start: require HTTP basic auth of a user in FILE (bcrypt entries)
  -h, --help        this help

Examples:
  scripts/local-registry.sh start
  scripts/local-registry.sh start --port 5050 --data-dir /tmp/reg
  scripts/local-registry.sh stop

Reference: docs/reference/scripts.md#local-registrysh
EOF
}

cmd=""
port="${LOCAL_REGISTRY_PORT:-5000}"
data_dir="${LOCAL_REGISTRY_DIR:-}"
htpasswd_file=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --port) [[ $# -ge 2 ]] || usage_error "--port needs a value"; port="$2"; shift 2 ;;
    --port=*) port="${1#*=}"; shift ;;
    --data-dir) [[ $# -ge 2 ]] || usage_error "--data-dir needs a value"; data_dir="$2"; shift 2 ;;
    --data-dir=*) data_dir="${1#*=}"; shift ;;
    --htpasswd)
      [[ $# -ge 2 ]] || usage_error "--htpasswd needs a value"
      htpasswd_file="$(realpath -m -- "$2")"
      [[ -r "$htpasswd_file" ]] || usage_error "--htpasswd $2: no readable file there"
      shift 2
      ;;
    start | stop | status)
      [[ -z "$cmd" ]] || usage_error "only one command allowed (got '$cmd' and '$1')"
      cmd="$1"
      shift
      ;;
    -*) usage_error "unknown option: $1" ;;
    *) usage_error "unknown command: $1 (expected start, stop or status)" ;;
  esac
done

[[ -n "$cmd" ]] || usage_error "missing command: start, stop or status"
valid_port "$port" || usage_error "invalid port '$port' (expected 1-65535)"
port=$((10#$port))
if [[ -z "$data_dir" ]]; then
  data_dir="$(repo_root)/target/local-registry"
fi
data_dir="$(realpath -m -- "$data_dir")"

config="$data_dir/config.yml"
pid_file="$data_dir/registry.pid"
port_file="$data_dir/registry.port"
log_file="$data_dir/registry.log"
registry_bin="${DOCKER_REGISTRY_BIN:-/usr/bin/docker-registry}"

# our_pid: prints the pid from the pid file when that process is alive and is
# a docker-registry serving our config; otherwise prints nothing.
our_pid() {
  local pid cmdline
  [[ -f "$pid_file" ]] || return 0
  pid="$(tr -dc '0-9' <"$pid_file")"
  [[ -n "$pid" ]] || return 0
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  if [[ "$cmdline" == *registry*serve*"$config"* ]]; then
    printf '%s\n' "$pid"
  fi
}

running_port() {
  if [[ -f "$port_file" ]]; then
    tr -dc '0-9' <"$port_file"
  else
    printf '%s' "$port"
  fi
}

# answers PORT: a registry answers there, asking for credentials (401) or not.
answers() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/v2/" 2>/dev/null)" || return 1
  [[ "$code" == 200 || "$code" == 401 ]]
}

ensure_registry_binary() {
  if [[ -x "$registry_bin" ]]; then
    return 0
  fi
  if command -v docker-registry >/dev/null 2>&1; then
    registry_bin="$(command -v docker-registry)"
    return 0
  fi
  log "$registry_bin not found; it comes with the Debian package 'docker-registry'"
  # The package's postinst would start its own service (htpasswd auth, port
  # 5000). A temporary policy-rc.d (honoured by invoke-rc.d and
  # deb-systemd-invoke) stops that; then the unit is disabled so that it does
  # not take the port at the next boot. Only done when we install it here.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if is_root && [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# temporary, from scripts/local-registry.sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    made_policy=1
  fi
  local rc=0
  (apt_install docker-registry) || rc=$?
  if [[ $made_policy == 1 ]]; then
    rm -f "$policy"
  fi
  [[ $rc == 0 ]] || exit "$rc"
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    log "disabling the packaged docker-registry.service (we run our own instance)"
    systemctl disable --now docker-registry.service >&2 2>/dev/null || true
  fi
  [[ -x "$registry_bin" ]] || registry_bin="$(command -v docker-registry || true)"
  [[ -n "$registry_bin" && -x "$registry_bin" ]] || die "docker-registry still missing after apt-get install"
}

write_config() {
  local auth="no auth"
  [[ -z "$htpasswd_file" ]] || auth="basic auth of the users in $htpasswd_file"
  log "writing config $config (127.0.0.1:$port, storage $data_dir/storage, $auth, delete enabled)"
  mkdir -p "$data_dir/storage"
  cat >"$config.tmp" <<EOF
# Generated by scripts/local-registry.sh; rewritten on every start.
version: 0.1
log:
  level: info
  formatter: text
  fields:
    service: local-registry
storage:
  filesystem:
    rootdirectory: $data_dir/storage
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$port
  headers:
    X-Content-Type-Options: [nosniff]
EOF
  if [[ -n "$htpasswd_file" ]]; then
    printf 'auth:\n  htpasswd:\n    realm: local-registry\n    path: %s\n' "$htpasswd_file" >>"$config.tmp"
  fi
  mv "$config.tmp" "$config"
}

do_start() {
  local pid rport
  pid="$(our_pid)"
  if [[ -n "$pid" ]]; then
    rport="$(running_port)"
    if [[ "$rport" != "$port" ]]; then
      die "a registry from $data_dir already runs on port $rport (pid $pid), not on $port; stop it first: scripts/local-registry.sh stop --data-dir $data_dir"
    fi
    if answers "$port"; then
      log "already running (pid $pid) at http://127.0.0.1:$port"
      return 0
    fi
    log "registry process $pid exists but does not answer yet; waiting (up to 20s)"
    local tries
    for ((tries = 0; tries < 80; tries++)); do
      sleep 0.25
      if answers "$port"; then # 401 counts: a registry with --htpasswd answers so
        log "already running (pid $pid) at http://127.0.0.1:$port"
        return 0
      fi
    done
    die "registry process $pid (from $pid_file) does not answer on 127.0.0.1:$port; stop it with: scripts/local-registry.sh stop --data-dir $data_dir"
  fi
  if [[ -f "$pid_file" ]]; then
    log "removing stale pid file $pid_file"
    rm -f "$pid_file"
  fi

  log "checking that port $port on 127.0.0.1 is free"
  if port_in_use "$port"; then
    die "port $port on 127.0.0.1 is already in use by another program; pick another port with --port N or LOCAL_REGISTRY_PORT=N (e.g. --port $((port == 65535 ? 5001 : port + 1)))"
  fi

  ensure_registry_binary
  need_cmd curl curl
  mkdir -p "$data_dir"
  need_cmd setsid util-linux
  write_config

  log "starting $registry_bin serve $config (log: $log_file)"
  : >"$log_file"
  # setsid: own session, so the registry survives the caller's terminal and
  # process group; the inner shell writes its own pid, then execs the registry
  # (so the pid file holds the registry's pid even if setsid had to fork).
  # stdin/stdout/stderr and fd 3 (bats) are detached from the caller.
  # A random per-start http.secret (only used to sign upload state) passed
  # in the environment: not written to a file, keeps the log free of the
  # "No HTTP secret provided" warning.
  local secret
  secret="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
  REGISTRY_HTTP_SECRET="$secret" nohup setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$pid_file" \
    "$registry_bin" serve "$config" </dev/null >>"$log_file" 2>&1 3>&- &
  printf '%s\n' "$port" >"$port_file"

  log "waiting (up to 20s) for http://127.0.0.1:$port/v2/"
  local i
  for ((i = 0; i < 80; i++)); do
    if answers "$port"; then
      pid="$(our_pid)"
      if [[ -z "$pid" ]]; then
        break
      fi
      log "running (pid $pid) at http://127.0.0.1:$port"
      printf 'running 127.0.0.1:%s\n' "$port"
      return 0
    fi
    if [[ -f "$pid_file" && -z "$(our_pid)" ]] && ((i > 4)); then
      break # the process died
    fi
    sleep 0.25
  done
  log "the registry did not come up; last lines of $log_file:"
  tail -n 20 "$log_file" >&2 || true
  pid="$(our_pid)"
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file" "$port_file"
  die "registry failed to start on 127.0.0.1:$port"
}

do_stop() {
  local pid i
  pid="$(our_pid)"
  if [[ -z "$pid" ]]; then
    log "not running (no live registry from $pid_file)"
    rm -f "$pid_file" "$port_file"
    return 0
  fi
  log "stopping registry pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    [[ -d "/proc/$pid" ]] || break
    sleep 0.25
  done
  if [[ -d "/proc/$pid" ]]; then
    log "still alive after 10s; sending KILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file" "$port_file"
  log "stopped"
}

do_status() {
  local pid rport
  pid="$(our_pid)"
  if [[ -n "$pid" ]]; then
    rport="$(running_port)"
    if answers "$rport"; then
      printf 'running 127.0.0.1:%s (pid %s, data %s)\n' "$rport" "$pid" "$data_dir"
      return 0
    fi
    printf 'stopped: process %s exists but 127.0.0.1:%s does not answer (data %s)\n' "$pid" "$rport" "$data_dir"
    return 3
  fi
  printf 'stopped (127.0.0.1:%s, data %s)\n' "$port" "$data_dir"
  return 3
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  status)
    rc=0
    do_status || rc=$?
    exit "$rc"
    ;;
esac
