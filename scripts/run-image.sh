#!/usr/bin/env bash
# Runs an image from a (plain-HTTP) registry without a container engine:
#   skopeo copy docker://REF -> OCI layout, umoci unpack -> runtime bundle,
#   jq: no terminal, no network namespace (host network: a port the process
#   listens on is reachable on 127.0.0.1), then runc.
set -euo pipefail

LOG_PREFIX=run-image
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
Usage:
  scripts/run-image.sh start  IMAGE-REF --name NAME [options] [-- ARG...]
  scripts/run-image.sh run    IMAGE-REF --name NAME [options] [-- ARG...]
  scripts/run-image.sh stop   --name NAME
  scripts/run-image.sh logs   --name NAME [--follow]
  scripts/run-image.sh status --name NAME

Runs an image from a registry with no Docker engine: skopeo copies it into an
OCI layout, umoci unpacks it into a runtime bundle, runc runs it with the host
network (no network namespace), so a port the process listens on is reachable
on 127.0.0.1. The image's user, entrypoint, cmd, env and working dir are kept
unless overridden. Needs root (umoci unpack and runc).

Commands:
  start    run detached; stdout+stderr go to the log (see 'logs')
  run      run in the foreground, print its output, exit with its exit code,
           then delete the container
  stop     stop (TERM, then KILL after --timeout s), delete the container and
           its bundle; keeps the log; does nothing if not there
  logs     print the container's log
  status   print the runc state; exit 0 if running, 3 otherwise

Options:
  --name NAME        container name (letters, digits, '.', '_', '-')
  --env K=V          set an environment variable (repeatable)
  --user UID[:GID]   run as this numeric user instead of the image's
  --cmd "ARGS"       command line that replaces the image's entrypoint+cmd
                     (split on blanks; use -- ARG... for arguments with blanks)
  -- ARG...          same as --cmd, one argument per word
  --tls-verify       use HTTPS with verification for the registry
                     (default: plain HTTP / no verification, for the local one)
  --timeout N        stop: seconds to wait after TERM (default 10)
  --follow, -f       logs: keep following the log
  -h, --help         this help

Files: <repo>/target/run/NAME/{oci,bundle,container.log,container.pid}

Examples:
  scripts/run-image.sh run 127.0.0.1:5000/platform/jre:25 --name jre -- java -version
  scripts/run-image.sh start 127.0.0.1:5000/acme/hello:1.0 --name hello --env MICRONAUT_SERVER_PORT=8080
  curl http://127.0.0.1:8080/
  scripts/run-image.sh logs --name hello
  scripts/run-image.sh stop --name hello
EOF
}

cmd=""
ref=""
name=""
user=""
follow=0
tls_verify=false
timeout=10
envs=()
override=()
have_override=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --name)
      [[ $# -ge 2 ]] || usage_error "--name needs a value"
      name="$2"
      shift 2
      ;;
    --name=*)
      name="${1#--name=}"
      shift
      ;;
    --env)
      [[ $# -ge 2 ]] || usage_error "--env needs K=V"
      envs+=("$2")
      shift 2
      ;;
    --env=*)
      envs+=("${1#--env=}")
      shift
      ;;
    --user)
      [[ $# -ge 2 ]] || usage_error "--user needs UID[:GID]"
      user="$2"
      shift 2
      ;;
    --user=*)
      user="${1#--user=}"
      shift
      ;;
    --cmd)
      [[ $# -ge 2 ]] || usage_error "--cmd needs a value"
      read -r -a override <<<"$2"
      have_override=1
      shift 2
      ;;
    --cmd=*)
      read -r -a override <<<"${1#--cmd=}"
      have_override=1
      shift
      ;;
    --timeout)
      [[ $# -ge 2 ]] || usage_error "--timeout needs a value"
      timeout="$2"
      shift 2
      ;;
    --tls-verify)
      tls_verify=true
      shift
      ;;
    -f | --follow)
      follow=1
      shift
      ;;
    --)
      shift
      override=("$@")
      have_override=1
      break
      ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      if [[ -z "$cmd" ]]; then
        case "$1" in
          start | run | stop | logs | status) cmd="$1" ;;
          *) usage_error "unknown command: $1 (expected start, run, stop, logs or status)" ;;
        esac
      elif [[ -z "$ref" && ("$cmd" == start || "$cmd" == run) ]]; then
        ref="$1"
      else
        usage_error "unexpected argument: $1"
      fi
      shift
      ;;
  esac
done

[[ -n "$cmd" ]] || usage_error "missing command: start, run, stop, logs or status"
[[ -n "$name" ]] || usage_error "--name NAME is required"
[[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || usage_error "invalid --name '$name' (letters, digits, '.', '_', '-')"
if [[ "$cmd" == start || "$cmd" == run ]]; then
  [[ -n "$ref" ]] || usage_error "$cmd needs an image reference, e.g. 127.0.0.1:5000/platform/jre:25"
  if [[ $have_override == 1 && ${#override[@]} -eq 0 ]]; then
    usage_error "empty command given with --cmd/--"
  fi
else
  [[ -z "$ref" ]] || usage_error "$cmd takes no image reference"
  [[ ${#envs[@]} -eq 0 && -z "$user" && $have_override == 0 ]] || usage_error "--env/--user/--cmd only apply to start and run"
fi
for e in "${envs[@]}"; do
  [[ "$e" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || usage_error "invalid --env '$e' (expected KEY=VALUE)"
done
if [[ -n "$user" ]]; then
  [[ "$user" =~ ^[0-9]+(:[0-9]+)?$ ]] || usage_error "invalid --user '$user' (numeric UID or UID:GID)"
fi
[[ "$timeout" =~ ^[0-9]+$ ]] || usage_error "invalid --timeout '$timeout'"

work="$(repo_root)/target/run/$name"
oci="$work/oci"
bundle="$work/bundle"
log_file="$work/container.log"
pid_file="$work/container.pid"

need_root() {
  is_root || die "'$cmd' needs root (umoci unpack and runc create namespaces and device nodes); run it with sudo"
}

# state_status: prints the runc status of NAME (created/running/stopped/...)
# or nothing when runc does not know it.
state_status() {
  runc state "$name" 2>/dev/null | jq -r '.status' 2>/dev/null || true
}

delete_container() {
  if [[ -n "$(state_status)" ]]; then
    runc delete -f "$name" >/dev/null 2>&1 || true
  fi
}

prepare_bundle() {
  need_root
  need_cmd jq jq
  need_cmd skopeo skopeo
  need_cmd umoci umoci
  need_cmd runc runc

  local status
  status="$(state_status)"
  case "$status" in
    "") ;;
    running | created | paused)
      die "container '$name' is already $status; stop it first: scripts/run-image.sh stop --name $name"
      ;;
    *)
      log "removing the old, $status container '$name'"
      delete_container
      ;;
  esac

  rm -rf "$bundle" "$oci"
  mkdir -p "$work"
  local policy
  policy="$(skopeo_policy_file "$work")"
  log "skopeo copy docker://$ref -> oci:$oci:run"
  skopeo --policy "$policy" copy --quiet --src-tls-verify="$tls_verify" \
    "docker://$ref" "oci:$oci:run" >&2 ||
    die "could not pull $ref (is the registry running? scripts/local-registry.sh status)"

  log "umoci unpack --image $oci:run $bundle"
  umoci unpack --image "$oci:run" "$bundle" >&2

  log "adjusting $bundle/config.json (no terminal, host network${user:+, user $user}${envs[*]:+, env})"
  local cfg="$bundle/config.json" args_json env_json uid gid
  if [[ $have_override == 1 ]]; then
    args_json="$(printf '%s\n' "${override[@]}" | jq -R . | jq -s .)"
  else
    args_json="null"
  fi
  if [[ ${#envs[@]} -gt 0 ]]; then
    env_json="$(printf '%s\n' "${envs[@]}" | jq -R . | jq -s .)"
  else
    env_json="[]"
  fi
  uid=""
  gid=""
  if [[ -n "$user" ]]; then
    uid="${user%%:*}"
    if [[ "$user" == *:* ]]; then gid="${user#*:}"; else gid="$uid"; fi
  fi
  # Host network like `docker run --network host`: the host's resolv.conf and
  # hosts are bind-mounted read-only.
  jq --argjson args "$args_json" --argjson envs "$env_json" \
    --arg uid "$uid" --arg gid "$gid" '
    .process.terminal = false
    | .linux.namespaces |= map(select(.type != "network"))
    | (if $args != null then .process.args = $args else . end)
    | .process.env = (
        ((.process.env // []) | map(select(
          (split("=")[0]) as $k | ($envs | map(split("=")[0]) | index($k)) == null)))
        + $envs)
    | (if $uid != "" then .process.user = {uid: ($uid | tonumber), gid: ($gid | tonumber)} else . end)
    | .mounts = ((.mounts // []) | map(select(.destination != "/etc/resolv.conf" and .destination != "/etc/hosts")))
        + [
          {destination: "/etc/resolv.conf", type: "bind", source: "/etc/resolv.conf", options: ["rbind", "ro"]},
          {destination: "/etc/hosts", type: "bind", source: "/etc/hosts", options: ["rbind", "ro"]}
        ]
  ' "$cfg" >"$cfg.new"
  mv "$cfg.new" "$cfg"
  # Host files that do not exist cannot be bind-mounted.
  local f
  for f in /etc/resolv.conf /etc/hosts; do
    if [[ ! -f "$f" ]]; then
      jq --arg f "$f" '.mounts |= map(select(.destination != $f))' "$cfg" >"$cfg.new"
      mv "$cfg.new" "$cfg"
    fi
  done
  if [[ "$(jq '.process.args | length' "$cfg")" == 0 ]]; then
    die "the image $ref has no entrypoint or cmd; give a command with --cmd \"...\" or -- ARG..."
  fi
  log "process: user $(jq -r '"\(.process.user.uid):\(.process.user.gid)"' "$cfg"), args $(jq -c '.process.args' "$cfg"), cwd $(jq -r '.process.cwd' "$cfg")"
}

do_start() {
  prepare_bundle
  : >"$log_file"
  rm -f "$pid_file"
  log "runc run -d $name (log: $log_file)"
  # Detached and without a terminal, runc hands its own stdio to the
  # container process, so they must point at the log file (and fd 3, which
  # bats uses, must not leak into the container).
  runc run -d --bundle "$bundle" --pid-file "$pid_file" "$name" \
    </dev/null >>"$log_file" 2>&1 3>&- ||
    {
      tail -n 20 "$log_file" >&2 || true
      die "runc could not start '$name'"
    }
  local status
  sleep 0.5
  status="$(state_status)"
  log "container '$name' is ${status:-gone} (pid $(cat "$pid_file" 2>/dev/null || echo '?'))"
  if [[ "$status" != running ]]; then
    warn "the container's process has already exited; its output:"
    tail -n 20 "$log_file" >&2 || true
  fi
  printf '%s %s\n' "$name" "${status:-stopped}"
}

do_run() {
  prepare_bundle
  log "runc run $name (foreground)"
  # Clean up also when interrupted (runc passes SIGINT/SIGTERM on to the
  # container process).
  trap 'delete_container; rm -rf "$bundle" "$oci"' EXIT
  local rc=0
  runc run --bundle "$bundle" "$name" </dev/null 3>&- || rc=$?
  log "container '$name' exited with status $rc"
  return "$rc"
}

do_stop() {
  local status i
  status="$(state_status)"
  if [[ -z "$status" ]]; then
    log "no container '$name'"
  else
    if [[ "$status" == running || "$status" == created || "$status" == paused ]]; then
      log "stopping '$name' (TERM, KILL after ${timeout}s)"
      runc kill "$name" TERM 2>/dev/null || true
      for ((i = 0; i < timeout * 4; i++)); do
        [[ "$(state_status)" == running ]] || break
        sleep 0.25
      done
      if [[ "$(state_status)" == running ]]; then
        log "still running; runc kill $name KILL"
        runc kill "$name" KILL 2>/dev/null || true
      fi
    fi
    log "runc delete -f $name"
    runc delete -f "$name" >/dev/null 2>&1 || true
  fi
  if [[ -d "$bundle" || -d "$oci" ]]; then
    log "removing $bundle and $oci"
    rm -rf "$bundle" "$oci" "$pid_file"
  fi
}

do_logs() {
  [[ -f "$log_file" ]] || die "no log for '$name' ($log_file does not exist)"
  if [[ $follow == 1 ]]; then
    exec tail -n +1 -f "$log_file"
  fi
  cat "$log_file"
}

do_status() {
  local status
  status="$(state_status)"
  printf '%s %s\n' "$name" "${status:-absent}"
  [[ "$status" == running ]] || return 3
}

case "$cmd" in
  start) do_start ;;
  run)
    rc=0
    do_run || rc=$?
    exit "$rc"
    ;;
  stop)
    need_root
    need_cmd runc runc
    need_cmd jq jq
    do_stop
    ;;
  logs) do_logs ;;
  status)
    need_cmd runc runc
    need_cmd jq jq
    rc=0
    do_status || rc=$?
    exit "$rc"
    ;;
esac
