#!/usr/bin/env bash
# What runs where: the platform's service images in a registry, with their platform version,
# base, AOT mode, own bytes and the jars they run (from their SBOMs); and, with --suggest, what
# the fleet says to share in the base. The logic is in Java (tools/platform-cli); this script
# builds that tool when needed and runs it.
set -euo pipefail

LOG_PREFIX=fleet
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/fleet.sh [--registry HOST[:PORT]] [--org ORG] [--json] [--html FILE]
                        [--with GROUP:ARTIFACT[:VERSION] | --suggest [--min-share F]]
                        [--repositories FILE]

Lists every service image of the platform in a registry (OCI distribution API: catalog, tags,
manifests, image configs, and the SBOM file in the image's own layers), one row per tag:
  repository, tag, digest, platform (label io.github.mnplatform.version), base digest (label
  io.github.mnplatform.base), behind (platform versions of newer bases in that registry), aot
  (label io.github.mnplatform.aot), own bytes (compressed layers the base does not have),
  overrides (common jars it runs in another version than its base's SBOM lists).
Images without the platform's version label (the base, the JRE, others) are not listed.

With --suggest, what to share instead: the newest image of each repository is one service; the
jars (from the SBOMs) that at least a share F of the services run and the newest base of the
registry does not hold, grouped by the feature tile whose jars in the base have the same
group:artifact ("common" for the common set, "no tile" for none), each with services, share,
the version the base has, jar bytes (the file in a service's own layer), copies (services that
carry it in their own layers), own bytes (copies x jar bytes: what they store and push today)
and saved ((copies - 1) x jar bytes: what the registry keeps less with one copy in the base);
then the jars of the newest base that no service runs, with the tile that brings them.

Options:
  --registry R        HOST[:PORT] of the registry (default: the local one, 127.0.0.1:$LOCAL_REGISTRY_PORT
                      or 127.0.0.1:5000); plain HTTP on 127.0.0.1/localhost, HTTPS elsewhere
  --org ORG           the organisation whose repositories are read (default: platform.org of pom.xml)
  --json              JSON instead of the text table on stdout
  --html FILE         also write the report as one self-contained HTML page (no network needed)
  --with G:A[:V]      only the images that run this artifact (any version, or the one named),
                      with the versions they run
  --suggest           what to share in the base, and the base's jars nobody runs (see above)
  --min-share F       with --suggest: the share of services a jar must be run by, a fraction
                      greater than 0 and at most 1 (default 0.5: half of them)
  --repositories F    read these repositories (ORG/NAME, one a line) instead of the registry's
                      catalog: for registries without a catalog API, such as GHCR
  -h, --help          show this help

Registries that want a token (GHCR, Docker Hub): REGISTRY_USERNAME with REGISTRY_PASSWORD or
GHCR_TOKEN from the environment (never printed); anonymous for public images. GHCR has no
catalog: list the organisation's container packages with the GitHub packages API, e.g.
  gh api --paginate '/orgs/ORG/packages?package_type=container' --jq '.[].name | "ORG/" + .' >repos.txt

The first run builds the tool (tools/platform-cli) with Maven, and again after its sources change.
Exit status: 0 report written (also when --with or --suggest finds nothing), 1 the registry could
not be read (for --suggest also: no base with a version tag in it, or its SBOM missing), 2 a
wrong command line (e.g. --min-share 1.5).

Examples:
  scripts/fleet.sh
  scripts/fleet.sh --registry 127.0.0.1:5000 --json
  scripts/fleet.sh --with io.micronaut:micronaut-http-server-netty
  scripts/fleet.sh --with org.yaml:snakeyaml:2.4 --html target/fleet.html
  scripts/fleet.sh --suggest --min-share 0.3 --html target/fleet-suggest.html
  GHCR_TOKEN=... REGISTRY_USERNAME=me scripts/fleet.sh --registry ghcr.io --org acme --repositories repos.txt
USAGE
}

args=()
registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --json | --suggest) args+=("$1"); shift ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --org | --html | --with | --repositories | --min-share)
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
