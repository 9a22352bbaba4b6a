#!/usr/bin/env bash
# Builds the platform base image with Jib, pushes it, and installs its jar list artifact.
set -euo pipefail

LOG_PREFIX=build-base
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/build-base.sh [--registry HOST[:PORT]] [--org ORG] [--jre-image REF] [--tag TAG]...
                             [--skip-install] [--no-aot]

Builds micronaut-base:<platform version> (a Java 25 runtime, the jars of the common set and of
the feature tiles, and AOT caches trained on it) with Jib, pushes it, and installs its jar list
into the local Maven repository. Prints the pushed reference with its digest on stdout.

Options:
  --registry R     where to push (default: the local one, 127.0.0.1:$LOCAL_REGISTRY_PORT or :5000)
  --org ORG        organisation in the image name (default: the platform.org of pom.xml)
  --jre-image REF  runtime image (default: local platform/jre:25; eclipse-temurin:25-jre for ghcr.io)
  --tag TAG        push under this tag too (repeatable), e.g. sha-1a2b3c4
  --skip-install   do not install the platform reactor first (it must be installed already)
  --no-aot         build the base without AOT caches (no training run)
  -h, --help       show this help

Environment:
  REGISTRY_USERNAME  user for a registry other than the local one
  REGISTRY_PASSWORD  its password or token
  GHCR_TOKEN         the token, without REGISTRY_PASSWORD
  GITHUB_TOKEN       the token, without either of the above
  GITHUB_ACTOR       the user with a token, without REGISTRY_USERNAME
  XDG_CACHE_HOME     trained AOT caches go to $XDG_CACHE_HOME/mnplatform/aot (default: ~/.cache)

Examples:
  scripts/build-base.sh
  scripts/build-base.sh --registry 127.0.0.1:5001
  GHCR_TOKEN=... REGISTRY_USERNAME=me scripts/build-base.sh --registry ghcr.io --org acme --tag sha-1a2b3c4

Reference: docs/reference/scripts.md#build-basesh
USAGE
}

registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
org=""
jre_image=""
extra_tags=()
install_platform=1
train=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --org) [[ $# -ge 2 ]] || usage_error "--org needs a value"; org="$2"; shift 2 ;;
    --jre-image) [[ $# -ge 2 ]] || usage_error "--jre-image needs a value"; jre_image="$2"; shift 2 ;;
    --tag) [[ $# -ge 2 ]] || usage_error "--tag needs a value"; extra_tags+=("$2"); shift 2 ;;
    --skip-install) install_platform=0; shift ;;
    --no-aot) train=0; shift ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

for tag in "${extra_tags[@]}"; do
  [[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || usage_error "--tag '$tag' is not a valid image tag"
done

# write_registry_credentials REGISTRY: when the environment carries credentials, writes them
# as a Docker config in a private directory and exports DOCKER_CONFIG, which Jib reads.
# Returns 1 when the environment has none.
write_registry_credentials() {
  local user="${REGISTRY_USERNAME:-}" secret="${REGISTRY_PASSWORD:-}"
  if [[ -z "$secret" ]]; then
    secret="${GHCR_TOKEN:-${GITHUB_TOKEN:-}}"
    user="${user:-${GITHUB_ACTOR:-}}"
  fi
  [[ -n "$secret" ]] || return 1
  [[ -n "$user" ]] || die "a registry token is set but no user: set REGISTRY_USERNAME (or GITHUB_ACTOR)"
  credentials_dir="$(mktemp -d)"
  chmod 700 "$credentials_dir"
  jq -n --arg registry "$1" --arg auth "$(printf '%s:%s' "$user" "$secret" | base64 -w0)" \
    '{auths: {($registry): {auth: $auth}}}' >"$credentials_dir/config.json"
  export DOCKER_CONFIG="$credentials_dir"
  log "credentials for $1: user $user, token from the environment (not shown)"
}
credentials_dir=""
trap '[[ -z "$credentials_dir" ]] || rm -rf "$credentials_dir"' EXIT

root="$(repo_root)"
cd "$root"
maven_args=(-B -f base-image/pom.xml)

need_cmd jq
case "$registry" in
  127.0.0.1:* | localhost:*)
    write_registry_credentials "$registry" || true
    # The local registry speaks plain HTTP; make sure it is there before any build work.
    curl -fsS -o /dev/null --max-time 5 "http://$registry/v2/" ||
      die "no registry answers at http://$registry/v2/: start it with scripts/local-registry.sh start (port ${registry##*:})"
    maven_args+=(-Dplatform.registry.insecure=true)
    jre_image="${jre_image:-$registry/platform/jre:25}"
    ;;
  *)
    if ! write_registry_credentials "$registry"; then
      docker_config="${DOCKER_CONFIG:-$HOME/.docker}/config.json"
      if ! [[ -f "$docker_config" ]] || ! jq -e --arg r "$registry" '(.auths[$r] // .credHelpers[$r] // .credsStore) != null' "$docker_config" >/dev/null; then
        die "no credentials for $registry: set GHCR_TOKEN (or REGISTRY_PASSWORD) and REGISTRY_USERNAME, or log in with 'docker login $registry' ($docker_config has no entry for it). Nothing was built."
      fi
      log "credentials for $registry: from $docker_config"
    fi
    ;;
esac
version="$(platform_version)"
[[ -n "$org" ]] && maven_args+=("-Dplatform.org=$org")
org="${org:-$(platform_property platform.org)}"
base_image="$registry/$org/micronaut-base:$version"

[[ -n "$jre_image" ]] && maven_args+=("-Dplatform.jre.image=$jre_image")
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
maven_args+=("-Dplatform.base.image=$base_image" "-Dplatform.revision=$revision")
if [[ ${#extra_tags[@]} -gt 0 ]]; then
  maven_args+=("-Djib.to.tags=$(IFS=,; echo "${extra_tags[*]}")")
fi

if [[ "$install_platform" == 1 ]]; then
  log "[1/4] installing the platform $version (tiles, BOM, Jib extension) into the local Maven repository"
  # Maven's output goes to stderr, here and below: stdout is the pushed reference alone.
  ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip >&2
fi

aot_root="$root/base-image/target/aot"
list_file="$root/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties"
if [[ "$train" == 1 ]]; then
  use_container_engine
  log "[2/4] building the AOT cache trainer (base-image/aot-trainer)"
  ./mvnw -B -q -f base-image/aot-trainer/pom.xml package >&2
  trainer_jar="$root/base-image/aot-trainer/target/aot-trainer-$version.jar"
  training_database="$root/base-image/aot-trainer/target/h2.jar" # the trainer's Class-Path names it

  # The cache is valid only for the JVM that made it: train in the base image itself, loaded
  # into the local engine, never on this machine's JDK.
  training_image="localhost/$org/micronaut-base-training:$version-$$" # one per run: builds may run side by side
  log "[3/4] building the untrained base as $training_image into $(basename "$ENGINE") and training its AOT caches"
  mkdir -p "$aot_root/none"
  ./mvnw "${maven_args[@]}" -q compile jib:dockerBuild "-Djib.to.image=$training_image" \
    "-Djib.dockerClient.executable=$(command -v "$ENGINE")" "-Dbase.aot.directory=$aot_root/none" >&2
  mapfile -t profiles < <(sed -n 's/^aot\.profiles=//p' "$list_file" | tr ',' '\n')
  [[ ${#profiles[@]} -gt 0 ]] || die "$list_file names no aot.profiles: the Jib extension that writes it is older than this script; run without --skip-install"

  # A training run is not byte-reproducible (the JVM writes addresses and profiles of that
  # run), so the caches are kept per training input: the runtime (JVM build and modules), the
  # jar list without the version and image name, the trainer. The same sources give the same
  # base digest; a base of the same jars on the same runtime (another version, registry or
  # organisation) reuses them, and a changed jar, runtime or trainer trains anew.
  runtime_identity="$("$ENGINE" run --rm --network none --user 1000:1000 \
    --volume "$trainer_jar:/opt/mnplatform/aot-trainer.jar:ro" --entrypoint java "$training_image" \
    -cp /opt/mnplatform/aot-trainer.jar io.github.mnplatform.aot.RuntimeIdentity)" ||
    die "the base's runtime does not run java (the training image $training_image): is platform.jre.image a Java 25 runtime?"
  training_inputs="$({ echo "$runtime_identity"; grep -v -E '^(platform\.version|image)=' "$list_file"; cat "$trainer_jar" "$training_database"; } | sha256sum | cut -c1-32)"
  # Kept outside the checkout, as Jib keeps base layers: a release, the build of a tag or the
  # bench finds them whatever checkout trained them.
  aot_store="${XDG_CACHE_HOME:-$HOME/.cache}/mnplatform/aot"
  aot_dir="$aot_store/$training_inputs"
  mkdir -p "$aot_store" 2>/dev/null || die "cannot create $aot_store for the trained AOT caches: set XDG_CACHE_HOME to a writable directory"
  missing=()
  for profile in "${profiles[@]}"; do
    [[ -s "$aot_dir/$profile.aot" ]] || missing+=("$profile")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "reusing the AOT caches trained on the same runtime, jars and trainer: $aot_dir (${profiles[*]})"
  else
    training_out="$(mktemp -d "$aot_root/training.XXXXXX")"
    chmod 0777 "$training_out" # the base runs as uid 1000
    mkdir -p "$aot_dir"
    count=0
    for profile in "${missing[@]}"; do
      count=$((count + 1))
      classpath="$(sed -n "s/^aot\.profile\.$profile\.classpath=//p" "$list_file")"
      features="$(sed -n "s/^aot\.profile\.$profile\.features=//p" "$list_file")"
      training_log="$aot_root/training-$profile.log"
      log "training run $count/${#missing[@]}: cache profile $profile (the common set${features:+ and ${features//,/, }}, $(tr ':' '\n' <<<"$classpath" | wc -l) jars): Micronaut starts, answers 200 rounds of requests, the JVM writes the cache (about a minute)"
      if ! "$ENGINE" run --rm --network none --user 1000:1000 \
        --volume "$trainer_jar:/opt/mnplatform/aot-trainer.jar:ro" \
        --volume "$training_database:/opt/mnplatform/h2.jar:ro" --volume "$training_out:/aot-out" \
        --entrypoint java "$training_image" \
        -javaagent:/opt/mnplatform/aot-trainer.jar "-Dmnplatform.aot.features=$features" \
        "-XX:AOTCacheOutput=/aot-out/$profile.aot" \
        -cp "$classpath" io.github.mnplatform.aot.Trainer >"$training_log" 2>&1 ||
        [[ ! -s "$training_out/$profile.aot" ]]; then
        tail -n 30 "$training_log" >&2
        die "the training run of the cache profile $profile failed (log: $training_log); nothing was pushed. Build without caches: --no-aot"
      fi
      grep -E '^aot-trainer:|AOTCache creation is complete' "$training_log" | sed "s/^/$LOG_PREFIX:   /" >&2
      # The cache belongs to the container's user (1000), not to this script's: on GitHub's
      # runners the job runs as uid 1001, and HotSpot writes the cache read-only (0444), so a
      # chmod of it fails. A copy is this user's own file; the training directory is ours too,
      # so the container's file in it can be removed.
      install -m 0644 "$training_out/$profile.aot" "$aot_dir/$profile.aot"
      rm -f "$training_out/$profile.aot" "$training_out/$profile.aot.config"
    done
    rm -rf "$training_out"
  fi
  "$ENGINE" rmi "$training_image" >/dev/null 2>&1 || true
  maven_args+=("-Dbase.aot.directory=$aot_dir")
else
  log "[2/4] [3/4] no AOT caches (--no-aot): services on this base start without one"
  mkdir -p "$aot_root/none"
  maven_args+=("-Dbase.aot.directory=$aot_root/none")
fi

log "[4/4] building $base_image FROM ${jre_image:-eclipse-temurin:25-jre} with Jib and pushing it"
./mvnw "${maven_args[@]}" -q compile jib:build install >&2
digest="$(cat base-image/target/base-image-meta/META-INF/mnplatform/base-image.digest)"
log "pushed $base_image${extra_tags[*]:+ (also tagged ${extra_tags[*]})} ($digest); its jar list is installed as io.github.mnplatform:micronaut-base:$version"
printf '%s@%s\n' "$base_image" "$digest"
