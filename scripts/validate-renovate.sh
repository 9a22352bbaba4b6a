#!/usr/bin/env bash
# Validates Renovate configurations with Renovate's own validator (npm package renovate).
set -euo pipefail

LOG_PREFIX=validate-renovate
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The newest Renovate line that still runs on Node.js 20 (40 and later need Node.js 22).
RENOVATE_VERSION=39.264.1

usage() {
  cat <<'USAGE'
Usage: scripts/validate-renovate.sh [--print-bin] [FILE...]

Runs renovate-config-validator (npm package renovate) over each FILE; without FILE, over the
platform's Renovate preset for services (renovate/service.json) and the renovate.json of the
service template as a generated service gets it (taken from the installed archetype, so run
./mvnw install first). Renovate is installed once, with npm, into
${XDG_CACHE_HOME:-~/.cache}/mnplatform/renovate-<version> (about 400 MB; the first install
takes minutes).

Options:
  --print-bin  install Renovate if needed, print the directory of its commands (renovate,
               renovate-config-validator) and stop
  -h, --help   show this help

Examples:
  scripts/validate-renovate.sh
  scripts/validate-renovate.sh ../orders/renovate.json
  "$(scripts/validate-renovate.sh --print-bin)/renovate" --help
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
tools="${XDG_CACHE_HOME:-$HOME/.cache}/mnplatform/renovate-$RENOVATE_VERSION"
validator="$tools/node_modules/.bin/renovate-config-validator"
if [[ ! -x "$validator" ]]; then
  log "installing renovate $RENOVATE_VERSION with npm into $tools (once; this takes a few minutes)"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "renovate@$RENOVATE_VERSION" >&2 ||
    die "npm could not install renovate@$RENOVATE_VERSION: check that the npm registry is reachable"
fi
if [[ "$print_bin" == 1 ]]; then
  printf '%s\n' "$(dirname "$validator")"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ ${#files[@]} -eq 0 ]]; then
  version="$(platform_version)"
  maven_repo="$(platform_property settings.localRepository)"
  archetype="$maven_repo/io/github/mnplatform/service-template/$version/service-template-$version.jar"
  [[ -f "$archetype" ]] || die "the service template $version is not installed ($archetype): run ./mvnw install first"
  unzip -p "$archetype" archetype-resources/renovate.json >"$work/renovate.json"
  log "checking the platform's preset and the template's renovate.json (from $archetype)"
  files=("$(repo_root)/renovate/service.json" "$work/renovate.json")
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
