#!/usr/bin/env bash
# Releases platform version X: the base image and its jar list first, the Maven artifacts of the
# reactor last, so that a failure never leaves a version that services could take without its
# base. .github/workflows/release.yml runs it on a tag v<X>; the tests run it against a file://
# Maven repository and the local registry.
set -euo pipefail

LOG_PREFIX=release
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/release.sh --version X [--registry R] [--org ORG] [--jre-image REF]
                          [--maven-repository URL] [--expect-github-repository OWNER/NAME]
                          [--skip-tests]
       scripts/release.sh --snapshot [--tag TAG]... [same options but --version]

Publishes platform version X: the base image and its jar list first, the Maven artifacts last,
so that a failure cannot turn into a half release; --snapshot publishes the checkout's own
X-SNAPSHOT the same way. It changes the POMs of the checkout it runs in: run it on a clean checkout of the tag.
Prints the base image as REF@DIGEST on stdout.

Options:
  --version X            the version to release: MAJOR.MINOR.PATCH[-qualifier], no SNAPSHOT
  --registry R           where the base image goes (default: 127.0.0.1:$LOCAL_REGISTRY_PORT or :5000)
  --org ORG              organisation of the image (default: platform.org of pom.xml)
  --jre-image REF        the runtime image under the base (default: as scripts/build-base.sh)
  --maven-repository URL where the Maven artifacts go (default: platform.maven.repository of pom.xml)
  --expect-github-repository OWNER/NAME  stop unless the Maven repository is OWNER/NAME's GitHub Packages
  --skip-tests           install without running the tests
  --snapshot             publish the POMs' X-SNAPSHOT; refuses a release version
  --tag TAG              with --snapshot: push the base under TAG too (repeatable)
  -h, --help             show this help

Environment:
  REGISTRY_USERNAME      registry user (passed to scripts/build-base.sh)
  REGISTRY_PASSWORD      registry password or token (never printed)
  GITHUB_ACTOR           user to look up what an https Maven repository holds
  GITHUB_TOKEN           its token (never printed)

Examples:
  scripts/release.sh --version 0.1.0 --maven-repository file:///tmp/release-repo --skip-tests
  scripts/release.sh --version 0.1.0 --registry ghcr.io --expect-github-repository acme/platform
  scripts/release.sh --snapshot --tag sha-1a2b3c4 --maven-repository file:///tmp/snapshots

Reference: docs/reference/scripts.md#releasesh
USAGE
}

version=""
registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
org=""
jre_image=""
maven_repository=""
expect_github_repository=""
run_tests=1
snapshot=0
extra_tags=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --version) [[ $# -ge 2 ]] || usage_error "--version needs a value"; version="$2"; shift 2 ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --org) [[ $# -ge 2 ]] || usage_error "--org needs a value"; org="$2"; shift 2 ;;
    --jre-image) [[ $# -ge 2 ]] || usage_error "--jre-image needs a value"; jre_image="$2"; shift 2 ;;
    --maven-repository) [[ $# -ge 2 ]] || usage_error "--maven-repository needs a value"; maven_repository="$2"; shift 2 ;;
    --expect-github-repository)
      [[ $# -ge 2 ]] || usage_error "--expect-github-repository needs a value"
      expect_github_repository="$2"
      shift 2
      ;;
    --skip-tests) run_tests=0; shift ;;
    --snapshot) snapshot=1; shift ;;
    --tag) [[ $# -ge 2 ]] || usage_error "--tag needs a value"; extra_tags+=("$2"); shift 2 ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

if [[ "$snapshot" == 1 ]]; then
  [[ -z "$version" ]] || usage_error "--snapshot publishes the version the POMs have: leave out --version"
  run_tests=0
else
  [[ ${#extra_tags[@]} -eq 0 ]] || usage_error "--tag goes with --snapshot: a release pushes :X only"
  [[ -n "$version" ]] || usage_error "--version is required, e.g. --version 0.1.0"
  # The form scripts/set-version.sh takes (step 3), checked here before anything changes.
  if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || [[ "$version" == *SNAPSHOT* ]]; then
    usage_error "--version '$version' is not MAJOR.MINOR.PATCH[-qualifier] without SNAPSHOT, e.g. 0.1.0 (a tag v0.1.0)"
  fi
fi

root="$(repo_root)"
cd "$root"
need_cmd curl
need_cmd skopeo
need_cmd unzip

# --- 1. checks -------------------------------------------------------------------------------
if [[ "$snapshot" == 1 ]]; then
  version="$(platform_version)"
  [[ "$version" == *-SNAPSHOT ]] ||
    die "--snapshot publishes a -SNAPSHOT, but the POMs are at $version: release it with --version $version instead"
fi
log "[1/6] checking the target of version $version"
group_id="$(platform_property project.groupId)"
org="${org:-$(platform_property platform.org)}"
maven_repository="${maven_repository:-$(platform_property platform.maven.repository)}"
maven_repository="${maven_repository%/}"
if [[ -n "$expect_github_repository" ]]; then
  expected="https://maven.pkg.github.com/${expect_github_repository,,}"
  [[ "${maven_repository,,}" == "$expected" ]] ||
    die "the Maven repository is $maven_repository (platform.maven.repository in pom.xml), but this release runs in $expect_github_repository, whose token publishes to $expected only, and services read from platform.maven.repository: set <platform.maven.repository>$expected</platform.maven.repository> in pom.xml (or name this repository after it), see docs/adopting.md"
fi
case "$maven_repository" in
  file://* | https://*) ;;
  *) die "the Maven repository '$maven_repository' is neither file:// nor https://" ;;
esac
base_image="$registry/$org/micronaut-base:$version"
log "Maven repository $maven_repository, base image $base_image"

# maven_has ARTIFACT_ID: true when the Maven repository holds <groupId>:ARTIFACT_ID:<version>.
maven_url() { printf '%s/%s/%s/%s/%s-%s.%s' "$maven_repository" "${group_id//.//}" "$1" "$version" "$1" "$version" "$2"; }
maven_has() {
  local url code
  url="$(maven_url "$1" pom)"
  if [[ "$url" == file://* ]]; then
    [[ -f "${url#file://}" ]]
    return
  fi
  # The token goes to curl on stdin, never on its command line. A GET, as Maven's own
  # downloads do: a POM is small.
  code="$(printf 'user = "%s:%s"\n' "${GITHUB_ACTOR:-}" "${GITHUB_TOKEN:-}" |
    curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -K - "$url")" ||
    die "cannot reach $maven_repository to see whether $1 $version exists"
  case "$code" in
    200) return 0 ;;
    404) return 1 ;;
    *) die "$url answered HTTP $code: cannot tell whether $1 $version exists (GITHUB_ACTOR and GITHUB_TOKEN set? A registry may answer so for a package that does not exist yet: docs/adopting.md, section 3, says how to check). Nothing was changed." ;;
  esac
}

# published_jar_list_digest: the image digest recorded in the published jar list.
published_jar_list_digest() {
  local jar="$work/micronaut-base.jar" url
  url="$(maven_url micronaut-base jar)"
  if [[ "$url" == file://* ]]; then
    cp "${url#file://}" "$jar"
  else
    printf 'user = "%s:%s"\n' "${GITHUB_ACTOR:-}" "${GITHUB_TOKEN:-}" |
      curl -fsS --max-time 60 -K - -o "$jar" "$url" || die "cannot download $url"
  fi
  unzip -p "$jar" META-INF/mnplatform/base-image.digest
}

# registry_digest: the digest of the base image :X, or nothing when the tag does not exist.
registry_digest() {
  local tls=true out
  [[ "$registry" == 127.0.0.1:* || "$registry" == localhost:* ]] && tls=false
  if out="$(skopeo inspect --authfile "$work/auth.json" --tls-verify="$tls" --format '{{.Digest}}' \
    "docker://$base_image" 2>"$work/inspect.err")"; then
    printf '%s\n' "$out"
  elif grep -qiE 'manifest unknown|not found|name unknown' "$work/inspect.err"; then
    return 0
  else
    die "cannot tell whether $base_image exists: $(head -n 1 "$work/inspect.err") (a registry may answer so for a package that does not exist yet: docs/adopting.md, section 3, says how to check). Nothing was changed."
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '{}\n' >"$work/auth.json"
if [[ -n "${REGISTRY_PASSWORD:-}" ]]; then
  printf '%s' "$REGISTRY_PASSWORD" |
    skopeo login --authfile "$work/auth.json" --username "${REGISTRY_USERNAME:-${GITHUB_ACTOR:-}}" \
      --password-stdin "${registry%%/*}" >/dev/null
fi

keep_base=0
redo="the registry keeps :$version and GitHub Packages refuses a version twice: delete what was published of $version (the package versions under Packages) and run the release again, or release the next patch version"
if [[ "$snapshot" == 1 ]]; then
  log "[2/6] [3/6] a snapshot: published again whatever is there, at the POMs' version $version"
else
  # --- 2. what of X is published already -------------------------------------------------------
  log "[2/6] what of $version is published already"
  image_digest="$(registry_digest)"
  has_jar_list=0
  maven_has micronaut-base && has_jar_list=1
  has_reactor=0 # the root POM, deployed last (step 6)
  maven_has platform && has_reactor=1
  log "  base image $base_image: ${image_digest:-absent}; jar list: $([[ $has_jar_list == 1 ]] && echo present || echo absent); reactor (platform $version): $([[ $has_reactor == 1 ]] && echo present || echo absent)"

  if [[ -n "$image_digest" && "$has_jar_list" == 1 ]]; then
    listed="$(published_jar_list_digest)"
    [[ "$listed" == "$image_digest" ]] ||
      die "$base_image is $image_digest but its published jar list names $listed: services on $version would be refused. Nothing was changed; $redo"
    if [[ "$has_reactor" == 1 ]]; then
      log "version $version is published already (base image, jar list, reactor): nothing to do"
      printf '%s@%s\n' "$base_image" "$image_digest"
      exit 0
    fi
    log "the base image and its jar list of $version are published already: keeping them, publishing the rest"
    keep_base=1
  elif [[ -n "$image_digest" ]]; then
    die "$base_image exists ($image_digest) but its jar list $group_id:micronaut-base:$version does not (an earlier run stopped between the two). Building it again could push :$version with another digest (the JRE underneath may have moved), so nothing was changed; $redo"
  elif [[ "$has_jar_list" == 1 ]]; then
    die "the jar list $group_id:micronaut-base:$version is published but $base_image does not exist. Nothing was changed; $redo"
  elif [[ "$has_reactor" == 1 ]]; then
    die "$group_id:platform:$version is published but its base image is not: not a release made by this script. Nothing was changed; $redo"
  fi

  # --- 3. version ----------------------------------------------------------------------------------
  log "[3/6] setting version $version in the POMs"
  "$root/scripts/set-version.sh" "$version" >/dev/null
fi

# --- 4. build and test ----------------------------------------------------------------------------
if [[ "$run_tests" == 1 ]]; then
  # Maven's output goes to stderr, here and below: stdout is the published reference alone
  # (the workflows take it as the step's output).
  log "[4/6] ./mvnw install: unit tests, invoker ITs, archetype ITs"
  ./mvnw -B install >&2
else
  log "[4/6] ./mvnw install (--skip-tests: no tests)"
  ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip >&2
fi

deploy_to="-DaltDeploymentRepository=platform::$maven_repository"

# --- 5. base image and jar list -------------------------------------------------------------------
if [[ "$keep_base" == 1 ]]; then
  log "[5/6] base image and jar list: published already ($image_digest)"
  ref="$base_image@$image_digest"
else
  log "[5/6] building and pushing $base_image"
  build_base=(scripts/build-base.sh --registry "$registry" --org "$org" --skip-install)
  for tag in "${extra_tags[@]}"; do build_base+=(--tag "$tag"); done
  [[ -n "$jre_image" ]] && build_base+=(--jre-image "$jre_image")
  ref="$("${build_base[@]}")" ||
    die "the base image step failed (see above). Nothing of $version is in the Maven repository: the reactor is deployed only after the base image and its jar list. Fix the cause and run the release again."
  log "deploying the jar list $group_id:micronaut-base:$version (${ref#*@})"
  ./mvnw -B -q -f base-image/pom.xml deploy "$deploy_to" >&2 ||
    die "deploying the jar list failed after $ref was pushed; nothing of the reactor was deployed. A rerun stops at the image without its jar list: $redo"
fi

# --- 6. reactor -------------------------------------------------------------------------------------
# The modules first, the root POM last: a published root POM means the whole reactor is (step 2).
# tiles-it and tools/platform-cli are no part of what services use; they skip deploy themselves.
log "[6/6] deploying the reactor $version to $maven_repository"
if ! ./mvnw -B -q deploy -DskipTests -Dinvoker.skip -Darchetype.test.skip -DdeployAtEnd=true -pl '!:platform' "$deploy_to" >&2 ||
  ! ./mvnw -B -q -N deploy "$deploy_to" >&2; then
  die "deploying the reactor failed; the base image $ref and its jar list are published. Run the release again: it keeps them and deploys the reactor (if some of its artifacts went up already, the repository refuses them again: $redo)"
fi
if [[ "$snapshot" == 1 ]]; then
  log "published $version: $ref"
else
  log "released $version: $ref"
fi
printf '%s\n' "$ref"
