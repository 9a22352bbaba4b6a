#!/usr/bin/env bash
# What runs where, read from a registry (docs/fleet.md). The logic is in Java (tools/platform-cli);
# this script builds that tool when needed and runs it.
set -euo pipefail

LOG_PREFIX=fleet
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/fleet.sh [--registry HOST[:PORT]] [--org ORG] [--json] [--html FILE]
                        [--with GROUP:ARTIFACT[:VERSION] | --suggest [--min-share F]]
                        [--repositories FILE]
       scripts/fleet.sh --rebase VERSION [--dry-run] [--registry HOST[:PORT]] [--org ORG]
                        [--repositories FILE]

Lists every service image of the platform in a registry, one row per tag (platform version, base,
AOT cache, own bytes, overrides), or with --suggest what to share in the base. With --rebase,
writes each service image again on the base of VERSION, without a build, where that base holds
the same jars and Java release as the image's own base; the others are skipped, with why. The
first run builds the tool (tools/platform-cli) with Maven.

Options:
  --registry R        HOST[:PORT] of the registry (default: 127.0.0.1:$LOCAL_REGISTRY_PORT or :5000)
  --org ORG           the organisation whose repositories are read (default: platform.org of pom.xml)
  --json              JSON instead of the text table on stdout
  --html FILE         also write the report as one self-contained HTML page
  --with G:A[:V]      only the images that run this artifact (any version, or the one named)
  --suggest           what to share in the base, and the base's jars nobody runs
  --min-share F       with --suggest: share of services a jar must be run by, 0 < F <= 1 (default 0.5)
  --repositories F    read these repositories (ORG/NAME, one a line) instead of the catalog (GHCR)
  --rebase VERSION    move the service images onto the base of platform VERSION (same tags)
  --dry-run           with --rebase: say what it would do and whether the registry lets it
                      write (an upload started and cancelled); push nothing
  -h, --help          show this help

Environment:
  REGISTRY_USERNAME   user for a registry that wants a token (GHCR, Docker Hub); without a user
                      and a secret, anonymous
  GITHUB_ACTOR        the user, without REGISTRY_USERNAME (GitHub Actions sets it)
  REGISTRY_PASSWORD   its password or token (never printed)
  GHCR_TOKEN          the token, without REGISTRY_PASSWORD
  GITHUB_TOKEN        the token, without either of the above

Examples:
  scripts/fleet.sh
  scripts/fleet.sh --with io.micronaut:micronaut-http-server-netty
  scripts/fleet.sh --suggest --min-share 0.3 --html target/fleet-suggest.html
  scripts/fleet.sh --rebase 0.2.1 --dry-run

Reference: docs/reference/scripts.md#fleetsh
USAGE
}

args=()
registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --json | --suggest | --dry-run) args+=("$1"); shift ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --org | --html | --with | --repositories | --min-share | --rebase)
      [[ $# -ge 2 ]] || usage_error "$1 needs a value"
      args+=("$1" "$2")
      shift 2
      ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

jar="$(tool_jar "$(repo_root)" tools/platform-cli)"
command -v java >/dev/null 2>&1 || die "no 'java' on PATH: install a JDK 17 or newer"
exec java -jar "$jar" fleet --registry "$registry" "${args[@]}"
