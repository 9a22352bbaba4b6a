#!/usr/bin/env bash
# Sets the platform version in every POM of a checkout: the one step that turns a commit into a
# version. scripts/release.sh uses it before it builds X, scripts/pull-base.sh before it builds
# the base from the tag vX (whose POMs keep their -SNAPSHOT), and the release workflow to move
# main to the next SNAPSHOT once X is out.
set -euo pipefail

LOG_PREFIX=set-version
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/set-version.sh [--checkout DIR] VERSION
       scripts/set-version.sh [--checkout DIR] --next-snapshot-after X

Sets VERSION in every POM of the checkout (the reactor's, and the <parent> of the POMs built
after it), then checks that each POM says VERSION.

Options:
  --checkout DIR            the checkout to change (default: the one this script is in)
  --next-snapshot-after X   after the release of X: move X-SNAPSHOT to the next patch's SNAPSHOT
  -h, --help                show this help

Examples:
  scripts/set-version.sh 0.2.0
  scripts/set-version.sh --checkout /tmp/platform-v0.1.0 0.1.0
  scripts/set-version.sh --next-snapshot-after 0.1.0

Reference: docs/reference/scripts.md#set-versionsh
USAGE
}

version=""
released=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --checkout)
      [[ $# -ge 2 ]] || usage_error "--checkout needs a directory"
      [[ -f "$2/pom.xml" && -d "$2/scripts" ]] || usage_error "--checkout '$2' is not a checkout of the platform (no pom.xml and scripts/)"
      PLATFORM_REPO_ROOT="$2"
      export PLATFORM_REPO_ROOT
      shift 2
      ;;
    --next-snapshot-after)
      [[ $# -ge 2 ]] || usage_error "--next-snapshot-after needs the released version"
      released="$2"
      shift 2
      ;;
    -*) usage_error "unknown option: $1" ;;
    *)
      [[ -z "$version" ]] || usage_error "one version only, got '$version' and '$1'"
      version="$1"
      shift
      ;;
  esac
done
[[ -n "$version" || -n "$released" ]] || usage_error "give a VERSION or --next-snapshot-after X"
[[ -z "$version" || -z "$released" ]] || usage_error "give a VERSION or --next-snapshot-after X, not both"
[[ -z "$version" || "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  usage_error "'$version' is not MAJOR.MINOR.PATCH[-qualifier]"
if [[ -n "$released" ]]; then
  # A regex, not build-helper's parse-version: that would take one Maven run per part.
  [[ "$released" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] ||
    usage_error "--next-snapshot-after '$released': give a released MAJOR.MINOR.PATCH (a pre-release leaves the SNAPSHOT alone)"
  version="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))-SNAPSHOT"
fi

root="$(repo_root)"
current="$(platform_version)"
if [[ -n "$released" && "$current" != "$released-SNAPSHOT" ]]; then
  log "the checkout is at $current, not $released-SNAPSHOT: nothing to move (it has moved on already)"
  exit 0
fi

# The POMs outside the reactor import the platform's BOM, so Maven cannot read them before the
# platform is installed: their <parent> version is set as text.
outside_reactor=(base-image/pom.xml base-image/aot-trainer/pom.xml)
log "setting $version in the POMs of $root (it was $current)"
for pom in "${outside_reactor[@]}"; do
  sed -i "/<parent>/,/<\/parent>/ s|<version>[^<]*</version>|<version>${version}</version>|" "$root/$pom"
done
(cd "$root" && ./mvnw -B -q "org.codehaus.mojo:versions-maven-plugin:$(platform_property versions-maven-plugin.version):set" \
  -DnewVersion="$version" -DprocessAllModules -DgenerateBackupPoms=false)

# Every POM of the checkout must now say the version: the reactor through Maven, the others as text.
actual="$(platform_version)"
[[ "$actual" == "$version" ]] || die "the reactor's version is $actual after setting $version"
while IFS= read -r pom; do
  grep -q "<version>${version}</version>" "$root/$pom" || die "$pom does not say $version: set it by hand and add it to this script"
done < <(cd "$root" && find . -name pom.xml -not -path '*/target/*' -not -path '*/src/*' -not -path './.git/*' -printf '%P\n')
log "every POM says $version"
printf '%s\n' "$version"
