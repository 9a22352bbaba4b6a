#!/usr/bin/env bash
# Builds the platform base image with Jib, pushes it, and installs its jar list artifact.
set -euo pipefail

LOG_PREFIX=build-base
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/build-base.sh [--registry HOST[:PORT]] [--org ORG] [--jre-image REF] [--skip-install]

Builds micronaut-base:<platform version> (a Java 25 runtime plus the jars of the common
dependency set, taken from the Micronaut tile) with Jib, pushes it, and installs
io.github.mnplatform:micronaut-base:<version> (the list of its jars with their SHA-256
and the image digest) into the local Maven repository, where the Jib tile finds it.

Options:
  --registry R     where to push (default: the local registry, 127.0.0.1:$LOCAL_REGISTRY_PORT
                   or 127.0.0.1:5000); with ghcr.io the JRE defaults to eclipse-temurin:25-jre
  --org ORG        organisation in the image name (default: the platform.org of pom.xml)
  --jre-image REF  the runtime image underneath (default: <local registry>/platform/jre:25 as
                   built by scripts/build-offline-jre.sh; eclipse-temurin:25-jre for ghcr.io)
  --skip-install   do not install the platform reactor first (it must be installed already)
  -h, --help       show this help

Prints the pushed reference with its digest on stdout.

Examples:
  scripts/build-base.sh
  scripts/build-base.sh --registry 127.0.0.1:5001
  scripts/build-base.sh --registry ghcr.io --org acme      # with credentials Jib can read
USAGE
}

registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
org=""
jre_image=""
install_platform=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --org) [[ $# -ge 2 ]] || usage_error "--org needs a value"; org="$2"; shift 2 ;;
    --jre-image) [[ $# -ge 2 ]] || usage_error "--jre-image needs a value"; jre_image="$2"; shift 2 ;;
    --skip-install) install_platform=0; shift ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

root="$(repo_root)"
cd "$root"
version="$(platform_version)"
maven_args=(-B -f base-image/pom.xml)
[[ -n "$org" ]] && maven_args+=("-Dplatform.org=$org")
org="${org:-$(./mvnw -B -q -N help:evaluate -Dexpression=platform.org -DforceStdout)}"
base_image="$registry/$org/micronaut-base:$version"

case "$registry" in
  127.0.0.1:* | localhost:*)
    # The local registry speaks plain HTTP; make sure it is there before any build work.
    curl -fsS -o /dev/null --max-time 5 "http://$registry/v2/" ||
      die "no registry answers at http://$registry/v2/: start it with scripts/local-registry.sh start (port ${registry##*:})"
    maven_args+=(-Dplatform.registry.insecure=true)
    jre_image="${jre_image:-$registry/platform/jre:25}"
    ;;
esac
[[ -n "$jre_image" ]] && maven_args+=("-Dplatform.jre.image=$jre_image")
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
maven_args+=("-Dplatform.base.image=$base_image" "-Dplatform.revision=$revision")

if [[ "$install_platform" == 1 ]]; then
  log "[1/2] installing the platform $version (tiles, BOM, Jib extension) into the local Maven repository"
  ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip
fi
log "[2/2] building $base_image FROM ${jre_image:-eclipse-temurin:25-jre} with Jib"
./mvnw "${maven_args[@]}" -q compile jib:build install
digest="$(cat base-image/target/base-image-meta/META-INF/mnplatform/base-image.digest)"
log "pushed $base_image ($digest); its jar list is installed as io.github.mnplatform:micronaut-base:$version"
printf '%s@%s\n' "$base_image" "$digest"
