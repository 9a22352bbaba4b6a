#!/usr/bin/env bash
# One name for "run this image" in the scripts and tests: podman (or docker, where a Docker
# engine answers) with the settings this platform needs. No logic of its own beyond that.
set -euo pipefail

LOG_PREFIX=run-image
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'EOF'
Usage:
  scripts/run-image.sh pull   IMAGE-REF
  scripts/run-image.sh start  IMAGE-REF --name NAME [options] [-- ARG...]
  scripts/run-image.sh run    IMAGE-REF --name NAME [options] [-- ARG...]
  scripts/run-image.sh stop   --name NAME
  scripts/run-image.sh logs   --name NAME [--follow]
  scripts/run-image.sh status --name NAME

Runs an image with podman, or with docker where a Docker engine answers, pulling it anew on every
start. The container uses the host network: a port it listens on is reachable on 127.0.0.1.

Commands:
  pull     fetch the image into the engine's store (start pulls too; this only fetches)
  start    run detached (podman/docker run -d)
  run      run in the foreground, print its output, exit with its exit code, remove it
  stop     stop (TERM, then KILL after --timeout s) and remove; nothing there is no error
  logs     print the container's output
  status   print "NAME running" and exit 0, or "NAME stopped|absent" and exit 3

Options:
  --name NAME            container name (letters, digits, '.', '_', '-')
  --env K=V              set an environment variable (repeatable)
  --user UID[:GID]       run as this numeric user instead of the image's
  --cmd "ARGS"           command line that replaces the image's entrypoint and cmd, split on blanks
  -- ARG...              the same, one argument per word (for arguments with blanks)
  --volume SRC:DST[:ro]  bind-mount a host path (repeatable)
  --timeout N            stop: seconds to wait after TERM (default 10)
  --follow, -f           logs: keep following
  -h, --help             this help

Environment:
  PLATFORM_ENGINE        podman or docker: use that engine

Examples:
  scripts/run-image.sh run 127.0.0.1:5000/platform/jre:25 --name jre -- java -version
  scripts/run-image.sh start 127.0.0.1:5000/mnplatform/demo:0.1.0-SNAPSHOT --name demo
  scripts/run-image.sh stop --name demo

Reference: docs/reference/scripts.md#run-imagesh
EOF
}

[[ $# -gt 0 ]] || usage_error "a command is needed: pull, start, run, stop, logs or status"
cmd="$1"
shift
case "$cmd" in
  -h | --help) usage; exit 0 ;;
  -*) usage_error "unknown option: $cmd" ;;
  pull | start | run | stop | logs | status) ;;
  *) usage_error "unknown command '$cmd': use pull, start, run, stop, logs or status" ;;
esac

ref="" name="" user="" timeout=10 follow=0
run_args=()
override=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --name) [[ $# -ge 2 ]] || usage_error "--name needs a value"; name="$2"; shift 2 ;;
    --env)
      [[ $# -ge 2 && "$2" == ?*=* ]] || usage_error "--env needs KEY=VALUE"
      run_args+=(--env "$2"); shift 2 ;;
    --user)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+(:[0-9]+)?$ ]] || usage_error "--user needs a numeric UID[:GID]"
      user="$2"; shift 2 ;;
    --volume)
      [[ $# -ge 2 && "$2" == /*:/* ]] || usage_error "--volume needs /HOST/PATH:/CONTAINER/PATH[:ro]"
      run_args+=(--volume "$2"); shift 2 ;;
    --cmd) [[ $# -ge 2 ]] || usage_error "--cmd needs a value"; read -r -a override <<<"$2"; shift 2 ;;
    --timeout)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage_error "--timeout needs whole seconds"
      timeout="$2"; shift 2 ;;
    -f | --follow) follow=1; shift ;;
    --) shift; override=("$@"); break ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      [[ -z "$ref" ]] || usage_error "one image only (got '$ref' and '$1')"
      ref="$1"; shift ;;
  esac
done

[[ -n "$name" || "$cmd" == pull ]] || usage_error "--name NAME is needed"
[[ "$cmd" == pull || "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || usage_error "--name '$name': use letters, digits, '.', '_', '-'"
case "$cmd" in
  pull | start | run) [[ -n "$ref" ]] || usage_error "$cmd needs an IMAGE-REF" ;;
  *)
    [[ -z "$ref" && ${#run_args[@]} -eq 0 && -z "$user" && ${#override[@]} -eq 0 ]] ||
      usage_error "$cmd takes --name only (and --timeout/--follow)" ;;
esac

use_container_engine
# podman asks for TLS unless told; docker treats 127.0.0.0/8 registries as plain HTTP itself.
tls_args=()
[[ "$ENGINE" == docker ]] || tls_args=(--tls-verify=false)

state() { "$ENGINE" inspect --format '{{.State.Status}}' "$name" 2>/dev/null || echo absent; }

case "$cmd" in
  pull)
    log "pulling $ref with $(basename "$ENGINE")"
    "$ENGINE" pull --quiet "${tls_args[@]}" "$ref" >/dev/null
    ;;
  start | run)
    if [[ "$(state)" == running ]]; then
      die "container '$name' is already running: stop it first (scripts/run-image.sh stop --name $name)"
    fi
    "$ENGINE" rm --force "$name" >/dev/null 2>&1 || true
    run_args+=(--name "$name" --network host --pull always)
    [[ -z "$user" ]] || run_args+=(--user "$user")
    run_args+=("${tls_args[@]}")
    if [[ ${#override[@]} -gt 0 ]]; then
      run_args+=(--entrypoint "${override[0]}" "$ref" "${override[@]:1}")
    else
      run_args+=("$ref")
    fi
    if [[ "$cmd" == run ]]; then
      log "running $ref with $(basename "$ENGINE")"
      exec "$ENGINE" run --rm --quiet "${run_args[@]}"
    fi
    log "starting $ref as '$name' with $(basename "$ENGINE")"
    "$ENGINE" run --detach --quiet "${run_args[@]}" >/dev/null
    printf '%s running\n' "$name"
    ;;
  stop)
    if [[ "$(state)" != absent ]]; then
      log "stopping '$name'"
      "$ENGINE" stop --time "$timeout" "$name" >/dev/null 2>&1 || true
      "$ENGINE" rm --force "$name" >/dev/null
    fi
    ;;
  logs)
    if [[ "$follow" == 1 ]]; then
      exec "$ENGINE" logs --follow "$name"
    fi
    exec "$ENGINE" logs "$name"
    ;;
  status)
    status="$(state)"
    [[ "$status" == running ]] || { printf '%s %s\n' "$name" "$([[ $status == absent ]] && echo absent || echo stopped)"; exit 3; }
    printf '%s running\n' "$name"
    ;;
esac
