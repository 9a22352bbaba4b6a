#!/usr/bin/env bash
# The main job: from a fresh checkout to a running service that answers HTTP.
set -euo pipefail

LOG_PREFIX=quickstart
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/quickstart.sh [--port N] [--workdir DIR] [--keep]

Installs the platform (BOM, tiles, service template) into the local Maven repository,
generates a demo service from the template, starts it with `./mvnw mn:run`, prints the
JSON answer of GET /api/info, and stops it again.

Options:
  --port N        HTTP port of the demo service (default: 8080)
  --workdir DIR   where the demo service is generated (default: <repo>/target/quickstart);
                  its old content is removed first
  --keep          leave the service running afterwards (the script prints how to stop it)
  -h, --help      show this help

Examples:
  scripts/quickstart.sh
  scripts/quickstart.sh --port 18080 --keep
USAGE
}

port=8080
workdir=""
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --port) [[ $# -ge 2 ]] || usage_error "--port needs a value"; port="$2"; shift 2 ;;
    --workdir) [[ $# -ge 2 ]] || usage_error "--workdir needs a value"; workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) usage_error "unknown option: $1" ;;
  esac
done
if ! valid_port "$port" || ((10#$port < 1024)); then
  usage_error "--port must be a whole number from 1024 to 65535, got '$port'"
fi

root="$(repo_root)"
workdir="${workdir:-$root/target/quickstart}"
service_dir="$workdir/demo"
service_log="$workdir/demo.log"
service_pid=""

# Each step names itself; on failure the trap says which step failed and what to try.
step_name=""
step_hint=""
step() {
  step_name="$1"
  step_hint="$2"
  log "[$3] $1"
}
on_exit() {
  local rc=$?
  if [[ -n "$service_pid" && "$keep" == 0 ]]; then
    log "stopping the demo service (pid $service_pid)"
    kill -- "-$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -n "$step_name" ]]; then
    printf 'quickstart: FAILED at step "%s" (exit %s)\nquickstart: what to do: %s\n' "$step_name" "$rc" "$step_hint" >&2
  fi
}
trap on_exit EXIT

step "check the tools" "install a JDK 17 or newer and curl, then run again" 1/5
need_cmd curl
command -v java >/dev/null 2>&1 || die "no 'java' on PATH: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)"
java_version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_version%%.*}" -ge 17 ]] || die "java $java_version found; the platform needs 17 or newer"
log "java $java_version, Maven Wrapper $(sed -n 's/.*apache-maven-\([0-9.]*\)-bin.*/\1/p' "$root/.mvn/wrapper/maven-wrapper.properties")"
if port_in_use "$port"; then
  die "port $port is already in use: stop what listens there or pick another with --port"
fi

step "install the platform" "read the Maven output above; './mvnw -B install' in $root shows the full build" 2/5
(cd "$root" && ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip)
platform_version="$(cd "$root" && ./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout -N)"
log "platform $platform_version installed into the local Maven repository"

step "generate the demo service" "see the archetype's message above" 3/5
rm -rf "$workdir"
mkdir -p "$workdir"
(cd "$workdir" && "$root/mvnw" -B -q archetype:generate \
  -DarchetypeGroupId=io.github.mnplatform -DarchetypeArtifactId=service-template \
  -DarchetypeVersion="$platform_version" \
  -DgroupId=com.example -DartifactId=demo -Dpackage=com.example.demo \
  -DserviceName=demo -Dport="$port")
log "generated $service_dir"

step "start the demo service" "the service log is $service_log" 4/5
# setsid: the service and the JVM that mn:run forks form one process group, stopped together.
(cd "$service_dir" && exec setsid ./mvnw -B mn:run >"$service_log" 2>&1) &
service_pid=$!
log "waiting for http://127.0.0.1:$port/health (compiling and starting, up to 3 minutes)"
if ! wait_for_url "http://127.0.0.1:$port/health" 180; then
  tail -n 30 "$service_log" >&2 || true
  die "the demo service did not answer on port $port within 3 minutes"
fi

step "call the service" "the service log is $service_log" 5/5
answer="$(curl -fsS "http://127.0.0.1:$port/api/info")"
printf '%s\n' "$answer"
step_name=""

if [[ "$keep" == 1 ]]; then
  log "the demo service keeps running at http://127.0.0.1:$port/ ; stop it with: kill -- -$service_pid"
fi
log "ok: the demo service answered GET /api/info on port $port"
