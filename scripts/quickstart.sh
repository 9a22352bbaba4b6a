#!/usr/bin/env bash
# The main job: from a fresh checkout to a service image, built on the platform base image,
# run by podman (or docker) and answering HTTP. Offline: everything on 127.0.0.1.
set -euo pipefail

LOG_PREFIX=quickstart
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/quickstart.sh [--port N] [--registry-port N] [--workdir DIR] [--keep]

Runs the whole platform path on this machine, offline: a local registry, the base image, a demo
service built on it and run with podman (or docker), a call to it, and a summary line on stdout.

Options:
  --port N            port of the demo service (default: 8080)
  --registry-port N   port of the local registry (default: $LOCAL_REGISTRY_PORT or 5000)
  --workdir DIR       the demo service's directory, emptied first (default: <repo>/target/quickstart)
  --keep              leave the demo container (quickstart-demo) and the registry running
  -h, --help          show this help

Examples:
  scripts/quickstart.sh
  scripts/quickstart.sh --port 18080 --registry-port 5001 --keep

Reference: docs/reference/scripts.md#quickstartsh
USAGE
}

port=8080
registry_port="${LOCAL_REGISTRY_PORT:-5000}"
workdir=""
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --port) [[ $# -ge 2 ]] || usage_error "--port needs a value"; port="$2"; shift 2 ;;
    --registry-port) [[ $# -ge 2 ]] || usage_error "--registry-port needs a value"; registry_port="$2"; shift 2 ;;
    --workdir) [[ $# -ge 2 ]] || usage_error "--workdir needs a value"; workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) usage_error "unknown option: $1" ;;
  esac
done
for value in "$port" "$registry_port"; do
  if ! valid_port "$value" || ((10#$value < 1024)); then
    usage_error "ports must be whole numbers from 1024 to 65535, got '$value'"
  fi
done
[[ "$port" != "$registry_port" ]] || usage_error "--port and --registry-port must differ (both $port)"

root="$(repo_root)"
scripts="$root/scripts"
workdir="${workdir:-$root/target/quickstart}"
service_dir="$workdir/demo"
registry="127.0.0.1:$registry_port"
container=quickstart-demo
started_registry=0
started_container=0
export LOCAL_REGISTRY_PORT="$registry_port"

# Each step names itself; on failure the trap says which step failed and what to try.
step_name=""
step_hint=""
step() {
  step_name="$2"
  step_hint="$3"
  log "[$1/9] $2"
}
stop_what_was_started() {
  if [[ "$keep" == 0 && "$started_container" == 1 ]]; then
    log "stopping the demo container"
    "$scripts/run-image.sh" stop --name "$container" >/dev/null 2>&1 || true
  fi
  if [[ "$keep" == 0 && "$started_registry" == 1 ]]; then
    log "stopping the local registry"
    "$scripts/local-registry.sh" stop >/dev/null 2>&1 || true
  fi
  started_container=0
  started_registry=0
}
on_exit() {
  local rc=$?
  stop_what_was_started
  if [[ $rc -ne 0 && -n "$step_name" ]]; then
    printf 'quickstart: FAILED at step "%s" (exit %s)\nquickstart: what to do: %s\n' "$step_name" "$rc" "$step_hint" >&2
  fi
}
trap on_exit EXIT

step 1 "check the tools" "install what is named above (as root the scripts install Debian packages themselves), then run again"
need_cmd curl
need_cmd jq
# The Maven Wrapper fetches the .tar.gz instead of the .zip when unzip is missing, and the
# SHA-256 it pins is the zip's: without unzip, ./mvnw refuses a fresh machine's download.
need_cmd unzip
command -v java >/dev/null 2>&1 || die "no 'java' on PATH: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)"
java_version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_version%%.*}" -ge 17 ]] || die "java $java_version found; the platform needs 17 or newer"
use_container_engine
if port_in_use "$port"; then
  die "port $port is already in use: stop what listens there or pick another with --port"
fi
log "java $java_version; the runtime image needs a JDK 25 ($(find_jdk25 --jlink)); images run with $ENGINE"

step 2 "install the platform" "read the Maven output above; './mvnw -B install' in $root shows the full build"
(cd "$root" && ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip)
version="$(platform_version)"
log "platform $version installed into the local Maven repository"

step 3 "start the local registry" "see the message above; another port: --registry-port N"
if ! "$scripts/local-registry.sh" status >/dev/null 2>&1; then
  started_registry=1
fi
"$scripts/local-registry.sh" start >/dev/null

step 4 "build the offline Java 25 runtime image" "see the message above; it needs a JDK 25 (JAVA25_HOME) and Debian's apt repository"
"$scripts/build-offline-jre.sh" --registry "$registry" >/dev/null

step 5 "build the base image" "see the Maven output above; scripts/build-base.sh --help"
base_ref="$("$scripts/build-base.sh" --registry "$registry" --skip-install)"

step 6 "generate the demo service" "see the archetype's message above"
rm -rf "$workdir"
mkdir -p "$workdir"
(cd "$workdir" && "$root/mvnw" -B -q archetype:generate \
  -DarchetypeGroupId=io.github.mnplatform -DarchetypeArtifactId=service-template \
  -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId=demo -Dpackage=com.example.demo \
  -DserviceName=demo -Dport="$port")
log "generated $service_dir"

step 7 "build the service image with Jib" "see the Maven output above; the base must be in $registry (step 5)"
(cd "$service_dir" && ./mvnw -B -q compile jib:build \
  -Dplatform.registry="$registry" -Dplatform.registry.insecure=true)
org="$(platform_property platform.org)"
image="$registry/$org/demo:0.1.0-SNAPSHOT"
image_digest="$(cat "$service_dir/target/jib-image.digest")"

step 8 "run the service image" "the container log: scripts/run-image.sh logs --name $container"
"$scripts/run-image.sh" stop --name "$container" >/dev/null 2>&1 || true
started_container=1
"$scripts/run-image.sh" pull "$image"
start_ms="$(date +%s%3N)"
"$scripts/run-image.sh" start "$image" --name "$container" >/dev/null
log "waiting for http://127.0.0.1:$port/health (up to 60 s)"
if ! startup_ms="$(millis_until_url "http://127.0.0.1:$port/health" 60 "$start_ms")"; then
  "$scripts/run-image.sh" logs --name "$container" | tail -n 30 >&2 || true
  die "the demo service did not answer on port $port within 60 s"
fi

step 9 "call the service" "the container log: scripts/run-image.sh logs --name $container"
answer="$(curl -sS --max-time 10 -w '\n%{http_code}' "http://127.0.0.1:$port/api/info")"
http_status="${answer##*$'\n'}"
printf '%s\n' "${answer%$'\n'*}"
[[ "$http_status" == 200 ]] || die "GET /api/info answered HTTP $http_status"

# Own bytes: the compressed layers of the service image that the base image does not have.
base_layers="$(image_layers "$registry" "$org/micronaut-base" "${base_ref##*@}")"
service_layers="$(image_layers "$registry" "$org/demo" "$image_digest")"
base_bytes="$(awk '{ total += $2 } END { print total + 0 }' <<<"$base_layers")"
own_bytes="$(grep -v -F -f <(cut -d' ' -f1 <<<"$base_layers") <<<"$service_layers" | awk '{ total += $2 } END { print total + 0 }')"
step_name=""

cat >&2 <<SUMMARY
quickstart: summary
  base image     $base_ref
  service image  $image@$image_digest
  own layers     $own_bytes bytes (pushed by the service)
  base layers    $base_bytes bytes (JRE and common jars, shared by every service)
  service URL    http://127.0.0.1:$port/ (HTML), /api/info, /health
  start-up       $startup_ms ms from starting the container to the first HTTP 200
SUMMARY
if [[ "$keep" == 1 ]]; then
  log "kept running: container $container ($(basename "$ENGINE") ps); stop with scripts/run-image.sh stop --name $container; scripts/local-registry.sh stop"
fi
stop_what_was_started
printf 'quickstart: ok image=%s own_bytes=%s base_bytes=%s http_status=%s startup_ms=%s\n' \
  "$image" "$own_bytes" "$base_bytes" "$http_status" "$startup_ms"
