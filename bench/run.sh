#!/usr/bin/env bash
# Measures the platform against plain Jib and a single-layer image, side by side, in one run.
set -euo pipefail

LOG_PREFIX=bench
# shellcheck source=../scripts/lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: bench/run.sh [--services N] [--fleet M] [--repeat R] [--quick] [--skip-install]

Measures the platform against plain Jib and a single-layer image, side by side: N varied and N
identical services, then a realistic fleet of M; and a runtime-only release, the N varied
services rebased against rebuilt. Prints tables, then key=value lines; results go to
target/bench/results.txt.

Options:
  --services N   services per set (default 10)
  --fleet M      services of the realistic fleet (default 20; at least 3)
  --repeat R     repetitions of timed builds and start-ups; medians are reported (default 3)
  --quick        N=1, M=3, R=1, a 3-second load test, the bump's base without AOT caches
  --skip-install do not install the platform first (it must be installed already)
  -h, --help     show this help

Examples:
  bench/run.sh
  bench/run.sh --services 5 --repeat 1
  bench/run.sh --quick

Reference: docs/reference/scripts.md#benchrunsh
USAGE
}

services=10
fleet=20
install_platform=1
repeat=3
load_seconds=30
bump_base_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --services) [[ $# -ge 2 ]] || usage_error "--services needs a value"; services="$2"; shift 2 ;;
    --fleet) [[ $# -ge 2 ]] || usage_error "--fleet needs a value"; fleet="$2"; shift 2 ;;
    --repeat) [[ $# -ge 2 ]] || usage_error "--repeat needs a value"; repeat="$2"; shift 2 ;;
    --quick) services=1; fleet=3; repeat=1; load_seconds=3; bump_base_args=(--no-aot); shift ;;
    --skip-install) install_platform=0; shift ;;
    *) usage_error "unknown option: $1" ;;
  esac
done
[[ "$services" =~ ^[1-9][0-9]?$ ]] || usage_error "--services must be 1 to 99, got '$services'"
[[ "$fleet" =~ ^[1-9][0-9]?$ && "$fleet" -ge 3 ]] || usage_error "--fleet must be 3 to 99, got '$fleet'"
at_once=$((fleet < 5 ? fleet : 5))
[[ "$repeat" =~ ^[1-9]$ ]] || usage_error "--repeat must be 1 to 9, got '$repeat'"

root="$(repo_root)"
scripts="$root/scripts"
out="$root/target/bench"
modes=(platform plain fat)
need_cmd jq
need_cmd wrk
use_container_engine
command -v java >/dev/null 2>&1 || die "no 'java' on PATH: install a JDK 17 or newer"
# The bench's logic (the POM setup, medians, ratios, the table, wrk's output) is Java.
cli_jar="$(tool_jar "$root" tools/platform-cli)"

# Extra dependencies of the varied services, one entry per service (cycled): the kinds of
# libraries real services add. Versions are explicit so the set does not move with the BOM.
extras=(
  ""
  "org.postgresql:postgresql:42.7.4"
  "io.jsonwebtoken:jjwt-api:0.12.6 io.jsonwebtoken:jjwt-impl:0.12.6"
  "org.mongodb:mongodb-driver-sync:5.2.1"
  "com.github.ben-manes.caffeine:caffeine:3.1.8"
  "com.h2database:h2:2.3.232"
  "org.apache.commons:commons-lang3:3.17.0 commons-io:commons-io:2.18.0"
  "com.google.guava:guava:33.3.1-jre"
  "org.flywaydb:flyway-core:10.20.1"
  "com.zaxxer:HikariCP:6.0.0"
)

# The realistic fleet, one shape per service (cycled): FEATURES|EXTRA DEPENDENCIES. First the
# feature sets of the base's AOT cache profiles full and data, then one that overrides
# HikariCP, a jar the base holds for data-jdbc (it runs its own bytes), then others. A service
# with data-jdbc gets H2 from the template; PostgreSQL is an extra, at the BOM's version as a
# service declares it.
fleet_shapes=(
  "data-jdbc,flyway,micrometer,security-jwt,openapi|org.postgresql:postgresql"
  "data-jdbc,flyway|"
  "data-jdbc,flyway,micrometer|org.postgresql:postgresql com.zaxxer:HikariCP:6.0.0"
  "none|com.github.ben-manes.caffeine:caffeine:3.1.8"
  "micrometer|"
  "data-jdbc,flyway,micrometer,security-jwt,openapi|org.apache.commons:commons-lang3:3.17.0"
  "data-jdbc,flyway,security-jwt|com.google.guava:guava:33.3.1-jre"
  "data-jdbc|"
  "data-jdbc,flyway,micrometer,security-jwt,openapi|"
  "micrometer,security-jwt,openapi|org.postgresql:postgresql"
)
# From the second round of shapes on, each service also adds one of these, so that no two
# services of the fleet run the same jars (up to 40), as in a real fleet; a repeated set would
# be stored once by plain Jib too.
fleet_round_libraries=(
  "commons-io:commons-io:2.18.0"
  "io.jsonwebtoken:jjwt-api:0.12.6"
  "org.mongodb:mongodb-driver-sync:5.2.1"
)
fleet_modes=(platform plain)

started_registries=()
container=""
running=() # containers of the memory measurement
cleanup() {
  [[ -z "$container" ]] || "$scripts/run-image.sh" stop --name "$container" >/dev/null 2>&1 || true
  local name
  for name in "${running[@]}"; do
    "$scripts/run-image.sh" stop --name "$name" >/dev/null 2>&1 || true
  done
  local dir
  for dir in "${started_registries[@]}"; do
    LOCAL_REGISTRY_DIR="$dir" "$scripts/local-registry.sh" stop >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# sample MODE METRIC VALUE: one measurement; the report takes the median of each metric's.
sample() { printf '%s %s %s\n' "$1" "$2" "$3" >>"$out/samples.txt"; }
# seconds MILLIS: MILLIS as seconds, to the millisecond.
seconds() { printf '%d.%03d\n' $(($1 / 1000)) $(($1 % 1000)); }
# blob_bytes REGISTRY_DIR: bytes of the blobs the registry stores (their data files only: the
# directories around each blob would add 8 KB of file-system overhead per blob).
blob_bytes() {
  find "$1/storage/docker/registry/v2/blobs" -type f -name data -printf '%s\n' 2>/dev/null |
    awk '{ t += $1 } END { print t + 0 }'
}

rm -rf "$out"
mkdir -p "$out/services"
log "[1/10] platform, registries, runtime image, base image"
if [[ "$install_platform" == 1 ]]; then
  (cd "$root" && ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip)
fi
version="$(platform_version)"
# The services go into the platform's organisation, beside its base, as in a real registry (a
# rebase looks for the base there).
org="$(platform_property platform.org)"
jre_ref="platform/jre:25"
declare -A registry registry_dir
for mode in "${modes[@]}"; do
  port="$(free_port)"
  registry[$mode]="127.0.0.1:$port"
  registry_dir[$mode]="$out/registry-$mode"
  LOCAL_REGISTRY_DIR="${registry_dir[$mode]}" "$scripts/local-registry.sh" start --port "$port" >/dev/null
  started_registries+=("${registry_dir[$mode]}")
  if [[ "$mode" == platform ]]; then
    "$scripts/build-offline-jre.sh" --registry "${registry[$mode]}" >/dev/null
  else # the same runtime image, byte for byte, without building it again
    skopeo --policy "$(skopeo_policy_file "$out")" copy --quiet --preserve-digests --src-tls-verify=false \
      --dest-tls-verify=false "docker://${registry[platform]}/$jre_ref" "docker://${registry[$mode]}/$jre_ref"
  fi
done
"$scripts/build-base.sh" --registry "${registry[platform]}" --skip-install >/dev/null

# build MODE DIR TAG [MAVEN ARGS...]: one jib:build; prints its wall time in seconds.
build() {
  local mode="$1" dir="$2" tag="$3" start args
  shift 3
  args=(-Dplatform.registry="${registry[$mode]}" -Dplatform.registry.insecure=true
    -Dplatform.image="${registry[$mode]}/$org/$(basename "$dir"):$tag")
  case "$mode" in
    plain) args+=(-Pbench-plain -Dplatform.base.image="${registry[$mode]}/$jre_ref") ;;
    fat) args+=(-Pbench-fat -Dplatform.base.image="${registry[$mode]}/$jre_ref") ;;
  esac
  start="$(date +%s%3N)"
  (cd "$dir" && ./mvnw -B -q compile jib:build "${args[@]}" "$@" >"$dir/target-$mode-$tag.log" 2>&1) ||
    die "$mode build of $(basename "$dir") failed: see $dir/target-$mode-$tag.log"
  seconds $(($(date +%s%3N) - start))
}

# own_bytes MODE REPO TAG: compressed bytes of the image's layers that its FROM image lacks.
own_bytes() {
  local mode="$1" from_repo from_ref
  if [[ "$mode" == platform ]]; then from_repo="$org/micronaut-base"; from_ref="$version"; else from_repo="platform/jre"; from_ref=25; fi
  grep -v -F -f <(image_layers "${registry[$mode]}" "$from_repo" "$from_ref" | cut -d' ' -f1) \
    <(image_layers "${registry[$mode]}" "$2" "$3") | awk '{ t += $2 } END { print t + 0 }'
}

# generate NAME FEATURES [G:A:V...]: a service from the template, with the bench's POM setup.
generate() {
  local name="$1" features="$2"
  shift 2
  (cd "$out/services" && "$root/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
    -DarchetypeArtifactId=service-template -DarchetypeVersion="$version" \
    -DgroupId=com.example -DartifactId="$name" -Dpackage="com.example.$name" -Dfeatures="$features")
  java -jar "$cli_jar" bench-setup "$out/services/$name/pom.xml" "$@"
}

log "[2/10] generating $services varied and $services identical services, and a fleet of $fleet"
names=()
for ((i = 0; i < services; i++)); do
  for set in varied same; do
    name="$(printf '%s%02d' "$set" "$i")"
    extra=""
    [[ "$set" == varied ]] && extra="${extras[$((i % ${#extras[@]}))]}"
    # shellcheck disable=SC2086 # one word per extra dependency
    generate "$name" none $extra
    names+=("$name")
  done
done
fleet_names=()
declare -A fleet_features
for ((i = 0; i < fleet; i++)); do
  name="$(printf 'fleet%02d' "$i")"
  shape="${fleet_shapes[$((i % ${#fleet_shapes[@]}))]}"
  extra="${shape#*|}"
  round=$((i / ${#fleet_shapes[@]}))
  if [[ "$round" -gt 0 ]]; then
    extra+=" ${fleet_round_libraries[$(((i % ${#fleet_shapes[@]} + round) % ${#fleet_round_libraries[@]}))]}"
  fi
  # shellcheck disable=SC2086 # one word per extra dependency
  generate "$name" "${shape%%|*}" $extra
  fleet_names+=("$name")
  fleet_features[$name]="${shape%%|*}"
done

log "[3/10] first builds: every service, three ways"
# Service by service, the three ways in turn: whatever warms up (Maven's and the OS's caches,
# the registries) does so for all three alike. One way after the other made the first way the
# slowest whatever it was.
# (The fleet is built the two ways its figures compare: platform and plain Jib.)
declare -A fleet_cache
for name in "${names[@]}" "${fleet_names[@]}"; do
  ways=("${modes[@]}")
  [[ "$name" == fleet* ]] && ways=("${fleet_modes[@]}")
  for mode in "${ways[@]}"; do
    before="$(blob_bytes "${registry_dir[$mode]}")"
    build_s="$(build "$mode" "$out/services/$name" 1)"
    pushed=$(($(blob_bytes "${registry_dir[$mode]}") - before))
    own="$(own_bytes "$mode" "$org/$name" 1)"
    log "  $mode $name: $build_s s, pushed $pushed bytes, own layers $own bytes"
    case "$name" in
      varied*)
        sample "$mode" first_build_s "$build_s"
        sample "$mode" pushed "$pushed"
        sample "$mode" own "$own"
        ;;
      fleet*)
        sample "$mode" fleet_own "$own"
        if [[ "$mode" == platform ]]; then
          # The AOT cache profile the Jib extension chose, as the image's label says.
          fleet_cache[$name]="$(registry_image_label "${registry[$mode]}" "$org/$name" 1 io.github.mnplatform.aot)"
          log "  $name (${fleet_features[$name]}): AOT cache ${fleet_cache[$name]:-unknown}"
        fi
        ;;
    esac
  done
done

# storage SET MODE: bytes the registry holds for the runtime image (and base) plus that set
# (varied, same or fleet),
# counted as the union of blobs of their manifests (configs and layers), as a registry does.
storage() {
  local set="$1" mode="$2" name
  {
    image_layers "${registry[$mode]}" platform/jre 25
    [[ "$mode" == platform ]] && image_layers "${registry[$mode]}" "$org/micronaut-base" "$version"
    for name in "${names[@]}" "${fleet_names[@]}"; do
      [[ "$name" == "$set"* ]] && image_layers "${registry[$mode]}" "$org/$name" 1
    done
  } | sort -u | awk '{ t += $2 } END { print t + 0 }'
}

# Now, before the bump pushes another base under the same tag (which would count two bases).
for mode in "${modes[@]}"; do
  sample "$mode" storage_varied "$(storage varied "$mode")"
  sample "$mode" storage_same "$(storage same "$mode")"
done
for mode in "${fleet_modes[@]}"; do
  sample "$mode" fleet_storage "$(storage fleet "$mode")"
done

log "[4/10] a one-line change, rebuilt $repeat time(s) per way"
target="$out/services/varied00"
for mode in "${modes[@]}"; do
  for ((r = 1; r <= repeat; r++)); do
    sed -i "s/\"Hello from \"/\"Hello ($mode $r) from \"/; s/\"Hello ([a-z]* [0-9]*) from \"/\"Hello ($mode $r) from \"/" \
      "$target/src/main/java/com/example/varied00/InfoController.java"
    before="$(blob_bytes "${registry_dir[$mode]}")"
    sample "$mode" change_build_s "$(build "$mode" "$target" "change$r")"
    change_pushed=$(($(blob_bytes "${registry_dir[$mode]}") - before))
  done
  sample "$mode" change_pushed "$change_pushed"
done

# The bases built below install their jar list over the platform's own (the same version): keep
# that one, to put it back for what builds against the platform next.
installed_list="$(installed_platform_artifact micronaut-base "$version")"
rm -rf "$out/installed-base-list"
cp -a "$installed_list" "$out/installed-base-list"
restore_installed_list() { rm -rf "$installed_list" && cp -a "$out/installed-base-list" "$installed_list"; }

log "[5/10] a platform bump that changes one common jar (snakeyaml 2.4 -> 2.3), all varied services"
before="$(blob_bytes "${registry_dir[platform]}")"
# As a release builds it: another jar, so its AOT caches are trained anew and pushed too
# (not with --quick: two more training runs).
MAVEN_ARGS="-Dsnakeyaml.version=2.3" "$scripts/build-base.sh" --registry "${registry[platform]}" --skip-install "${bump_base_args[@]}" \
  >"$out/bump-base.log" 2>&1 || die "the bumped base did not build: see $out/bump-base.log"
base_bump=$(($(blob_bytes "${registry_dir[platform]}") - before))
# A Maven that ignores -D for an imported BOM's properties (3.10.0 does) would bump nothing.
grep -q '^/app/libs/snakeyaml-2.3.jar=' "$root/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties" ||
  die "the bumped base does not hold snakeyaml 2.3: this Maven ($(cd "$root" && ./mvnw -v | head -n 1)) did not apply -Dsnakeyaml.version to the BOM"
for mode in "${modes[@]}"; do
  [[ "$mode" == platform ]] || before="$(blob_bytes "${registry_dir[$mode]}")"
  for name in "${names[@]}"; do
    [[ "$name" == varied* ]] && build "$mode" "$out/services/$name" bump -Dsnakeyaml.version=2.3 >/dev/null
  done
  sample "$mode" bump_pushed $(($(blob_bytes "${registry_dir[$mode]}") - before))
done
# The fleet's bump: the new base's bytes count on the platform side, as they do above.
for mode in "${fleet_modes[@]}"; do
  before="$(blob_bytes "${registry_dir[$mode]}")"
  for name in "${fleet_names[@]}"; do
    build "$mode" "$out/services/$name" bump -Dsnakeyaml.version=2.3 >/dev/null
  done
  pushed=$(($(blob_bytes "${registry_dir[$mode]}") - before))
  [[ "$mode" == platform ]] && pushed=$((pushed + base_bump))
  sample "$mode" fleet_bump_pushed "$pushed"
done
restore_installed_list

log "[6/10] a runtime-only release (the same jars on Debian 13's libraries): $services varied services rebased, then rebuilt"
# As such a release builds its base: on a new runtime image of the same JRE, so the AOT caches
# trained for that JVM and those jars serve again (none is trained). Pushed under the platform's
# version, over the bump's base, as the bump's went over the first.
"$scripts/build-offline-jre.sh" --registry "${registry[platform]}" --debian-suite trixie --image platform/jre:25-trixie \
  >"$out/runtime-jre.log" 2>&1 || die "the Debian 13 runtime image did not build: see $out/runtime-jre.log"
"$scripts/build-base.sh" --registry "${registry[platform]}" --skip-install --jre-image "${registry[platform]}/platform/jre:25-trixie" \
  >"$out/runtime-base.log" 2>&1 || die "the runtime-only release's base did not build: see $out/runtime-base.log"
for name in "${names[@]}"; do
  [[ "$name" == varied* ]] && echo "$org/$name"
done >"$out/varied-repositories.txt"
# Every image of those repositories: the first build's, the one-line changes' (moved too) and the
# bump's (skipped: other jars). The rebuild builds each service once: the comparison is the
# rebase's worst case.
before="$(blob_bytes "${registry_dir[platform]}")"
start="$(date +%s%3N)"
"$scripts/fleet.sh" --registry "${registry[platform]}" --org "$org" --repositories "$out/varied-repositories.txt" \
  --rebase "$version" >"$out/rebase.log" 2>&1 || die "the rebase failed: see $out/rebase.log"
sample platform runtime_rebase_s "$(seconds $(($(date +%s%3N) - start)))"
sample platform runtime_rebase_pushed $(($(blob_bytes "${registry_dir[platform]}") - before))
rebased="$(grep -c ' rebased ' "$out/rebase.log" || true)"
# A rebase that moved fewer than the services would time nothing worth comparing.
[[ "$rebased" -ge "$services" ]] || die "the rebase moved $rebased images, fewer than the $services varied services: see $out/rebase.log"
log "  rebased $rebased images of $services services, skipped $(grep -c ' skipped ' "$out/rebase.log" || true) (why: $out/rebase.log)"
before="$(blob_bytes "${registry_dir[platform]}")"
rebuild_ms=0
for name in "${names[@]}"; do
  [[ "$name" == varied* ]] || continue
  build_s="$(build platform "$out/services/$name" runtime)"
  rebuild_ms=$((rebuild_ms + 10#${build_s/./}))
done
sample platform runtime_rebuild_s "$(seconds "$rebuild_ms")"
sample platform runtime_rebuild_pushed $(($(blob_bytes "${registry_dir[platform]}") - before))
restore_installed_list

# start_and_time MODE NAME CONTAINER PORT [ENV=VALUE...]: starts the service's image, prints the
# milliseconds from the start to its first HTTP 200 on /health.
start_and_time() {
  local mode="$1" name="$2" container_name="$3" service_port="$4" start_ms env=()
  shift 4
  for kv in "MICRONAUT_SERVER_PORT=$service_port" "$@"; do env+=(--env "$kv"); done
  start_ms="$(date +%s%3N)"
  "$scripts/run-image.sh" start "${registry[$mode]}/$org/$name:1" --name "$container_name" "${env[@]}" >/dev/null 2>&1
  millis_until_url "http://127.0.0.1:$service_port/health" 60 "$start_ms" || die "$mode image of $name did not answer"
}
# pid_of CONTAINER: the host pid of the container's process (its JVM).
pid_of() { "$ENGINE" inspect --format '{{.State.Pid}}' "$1"; }

log "[7/10] from starting the container (image pulled before) to the first HTTP 200, and RSS, per way"
port="$(free_port)"
for mode in "${modes[@]}"; do
  container="bench-$mode"
  "$scripts/run-image.sh" stop --name "$container" >/dev/null 2>&1 || true
  "$scripts/run-image.sh" pull "${registry[$mode]}/$org/same00:1"
  for ((r = 1; r <= repeat; r++)); do
    ms="$(start_and_time "$mode" same00 "$container" "$port")"
    sample "$mode" startup_s "$(seconds "$ms")"
    rss="$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$(pid_of "$container")/status")"
    if [[ "$mode" == platform && "$r" == "$repeat" ]]; then
      log "[8/10] load test: wrk, 2 threads, 16 connections, ${load_seconds} s, on the platform image"
      wrk -t2 -c16 -d"${load_seconds}s" --latency "http://127.0.0.1:$port/api/info" >"$out/wrk.txt"
    fi
    "$scripts/run-image.sh" stop --name "$container" >/dev/null 2>&1
  done
  sample "$mode" rss "$rss"
done
container=""

log "[9/10] the fleet: start-up per feature set, platform and plain Jib in turn, $repeat time(s)"
# One service per feature set: the first of the fleet with it.
declare -A measured_set
for name in "${fleet_names[@]}"; do
  set_name="${fleet_features[$name]//,/+}"
  [[ -z "${measured_set[$set_name]:-}" ]] || continue
  measured_set[$set_name]=1
  for mode in "${fleet_modes[@]}"; do
    "$scripts/run-image.sh" pull "${registry[$mode]}/$org/$name:1"
  done
  for ((r = 1; r <= repeat; r++)); do
    for mode in "${fleet_modes[@]}"; do
      container="bench-$mode"
      ms="$(start_and_time "$mode" "$name" "$container" "$port")"
      "$scripts/run-image.sh" stop --name "$container" >/dev/null 2>&1
      sample "$mode" fleet_startup_s "$(seconds "$ms")"
      sample "$mode" "fleet_startup_s.$set_name" "$(seconds "$ms")"
    done
  done
  log "  $name ($set_name, AOT cache ${fleet_cache[$name]:-unknown}): measured"
done
container=""

log "[10/10] the fleet: total PSS of $at_once services running at once, per way"
# pss_of CONTAINER: proportional set size of the container's process (its JVM), in bytes.
pss_of() { awk '/^Pss:/ { print $2 * 1024 }' "/proc/$(pid_of "$1")/smaps_rollup"; }
# fleet_pss MODE [ENV=VALUE...]: starts the first $at_once services of the fleet at once, lets them
# settle after their first 200, and sets pss_total to their total PSS (no subshell: the
# containers stay known to the cleanup).
fleet_pss() {
  local mode="$1" i
  shift
  pss_total=0
  for ((i = 0; i < at_once; i++)); do
    running+=("bench-pss-$i")
    start_and_time "$mode" "${fleet_names[$i]}" "bench-pss-$i" "$(free_port)" "$@" >/dev/null
  done
  sleep 5
  for ((i = 0; i < at_once; i++)); do
    pss_total=$((pss_total + $(pss_of "bench-pss-$i")))
  done
  for ((i = 0; i < at_once; i++)); do
    "$scripts/run-image.sh" stop --name "bench-pss-$i" >/dev/null 2>&1
  done
  running=()
}
for ((r = 1; r <= repeat; r++)); do
  fleet_pss platform
  sample platform fleet_pss "$pss_total"
  fleet_pss plain
  sample plain fleet_pss "$pss_total"
  # Without relocating the cache, its read-only pages stay shared between the JVMs; it gives
  # up the randomised address of the cache (docs/benchmarks.md).
  fleet_pss platform "JDK_JAVA_OPTIONS=-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
  sample platform fleet_pss_no_relocation "$pss_total"
done

java -jar "$cli_jar" bench-report "$out/samples.txt" "$out/wrk.txt" "$services" "$fleet" | tee "$out/results.txt"
