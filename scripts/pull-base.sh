#!/usr/bin/env bash
# Makes micronaut-base:<version> available to service builds: pulled from the central
# registry into the local one, or, when central cannot give it, built from this repository.
set -euo pipefail

LOG_PREFIX=pull-base
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/pull-base.sh [--central REGISTRY/ORG] [--registry HOST:PORT] [--jre-image REF] [VERSION]

Makes the base image micronaut-base:VERSION (default: this checkout's platform version) and its
jar list available to service builds: copied from the central registry into the local one, or,
when central cannot give it, built from this repository. Prints the image reference with its
digest on stdout.

Options:
  --central R/ORG      the central registry and organisation (default: ghcr.io/<platform.org>)
  --registry HOST:PORT the local registry (default: 127.0.0.1:$LOCAL_REGISTRY_PORT or :5000)
  --jre-image REF      when it builds the base here: the runtime image under it (default: that of
                       scripts/build-base.sh), e.g. one of scripts/build-offline-jre.sh --debian-suite
  -h, --help           show this help

Examples:
  scripts/pull-base.sh
  scripts/pull-base.sh 0.1.0
  scripts/pull-base.sh --central 127.0.0.1:5001/mnplatform 0.1.0-SNAPSHOT
  scripts/pull-base.sh --jre-image 127.0.0.1:5000/platform/jre:25-trixie 0.1.1

Reference: docs/reference/scripts.md#pull-basesh
USAGE
}

central=""
registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
version=""
build_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --central) [[ $# -ge 2 ]] || usage_error "--central needs a value"; central="$2"; shift 2 ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --jre-image) [[ $# -ge 2 ]] || usage_error "--jre-image needs a value"; build_args+=(--jre-image "$2"); shift 2 ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      [[ -z "$version" ]] || usage_error "one version only, got '$version' and '$1'"
      version="$1"
      shift
      ;;
  esac
done
[[ -z "$version" || "$version" =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || usage_error "'$version' is not a version"
[[ -z "$central" || "$central" == */* ]] || usage_error "--central must be REGISTRY/ORG, e.g. ghcr.io/acme"
# skopeo takes no scheme: the registry's address decides HTTP or HTTPS (below).
[[ "$central" != *://* ]] ||
  usage_error "--central '$central': give REGISTRY/ORG without a scheme, e.g. ghcr.io/acme, or 127.0.0.1:5001/acme (plain HTTP on this machine)"

need_cmd skopeo
need_cmd jq
root="$(repo_root)"
checkout_version="$(platform_version)"
version="${version:-$checkout_version}"
org="$(platform_property platform.org)"
central="${central:-ghcr.io/$org}"
central_ref="$central/micronaut-base:$version"
local_ref="$registry/$org/micronaut-base:$version"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
policy="$(skopeo_policy_file "$work")"

curl -fsS -o /dev/null --max-time 5 "http://$registry/v2/" ||
  die "no local registry answers at http://$registry/v2/: start it with scripts/local-registry.sh start"

# Plain HTTP only for a registry on this machine; anything else is TLS-verified.
tls_verify=true
case "$central" in 127.0.0.1:* | localhost:*) tls_verify=false ;; esac

log "looking for $central_ref"
if central_digest="$(timeout 60 skopeo inspect --tls-verify="$tls_verify" --format '{{.Digest}}' \
  "docker://$central_ref" 2>"$work/inspect.err")"; then
  log "found $central_ref ($central_digest); copying it to $local_ref"
  skopeo --policy "$policy" copy --quiet --preserve-digests --src-tls-verify="$tls_verify" \
    --dest-tls-verify=false "docker://$central_ref" "docker://$local_ref" >&2
  log "resolving its jar list io.github.mnplatform:micronaut-base:$version with Maven"
  (cd "$root" && ./mvnw -B -q dependency:get -Dartifact="io.github.mnplatform:micronaut-base:$version" -Dtransitive=false) ||
    die "the base image is there, but its jar list io.github.mnplatform:micronaut-base:$version is in no Maven repository you use: add the platform's repository to ~/.m2/settings.xml (docs/adopting.md)"
  list_jar="$(installed_platform_artifact micronaut-base "$version")/micronaut-base-$version.jar"
  list_digest="$(unzip -p "$list_jar" META-INF/mnplatform/base-image.digest | tr -d '[:space:]')"
  [[ "$list_digest" == "$central_digest" ]] ||
    die "$central_ref is $central_digest, but its jar list names $list_digest: the registry and the Maven repository disagree; release the platform again or ask its maintainers"
  log "pulled from the central registry: $local_ref ($central_digest)"
  printf '%s@%s\n' "$local_ref" "$central_digest"
  exit 0
fi
log "the central registry cannot give $central_ref: $(head -n 1 "$work/inspect.err")"

if [[ "$version" == "$checkout_version" ]]; then
  log "building it from this working tree instead (scripts/build-base.sh)"
  ref="$("$root/scripts/build-base.sh" --registry "$registry" "${build_args[@]}")"
else
  git -C "$root" rev-parse -q --verify "refs/tags/v$version" >/dev/null ||
    die "version $version is neither in $central nor a tag (v$version) of this repository, and this checkout is $checkout_version: ask for a released version, or check out the one you want"
  log "building it from the git tag v$version of this repository (scripts/build-base.sh)"
  git -C "$root" worktree add --detach "$work/v$version" "v$version" >&2
  # The tag's POMs keep the -SNAPSHOT they had on main: the release sets X when it builds
  # (scripts/release.sh), and so does this build, else it would make micronaut-base:X-SNAPSHOT.
  "$root/scripts/set-version.sh" --checkout "$work/v$version" "$version" >/dev/null
  ref="$("$work/v$version/scripts/build-base.sh" --registry "$registry" "${build_args[@]}")"
  git -C "$root" worktree remove --force "$work/v$version"
fi
log "built locally, not pulled: ${ref}"
printf '%s\n' "$ref"
