#!/usr/bin/env bash
# Moves service repositories to another platform version: edit, build, report, keep or restore.
set -euo pipefail

LOG_PREFIX=bump-tiles
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bump-tiles.sh [--dry-run] [--keep-failed] [--commit] NEW_VERSION SERVICE_DIR...

Sets <platform.version> to NEW_VERSION in each service's pom.xml (with versions-maven-plugin,
which edits the XML and keeps its formatting), runs `./mvnw -B verify` there, and prints a
table: repo | from | to | result. A service whose build is red gets its pom.xml back exactly
as it was. Before it touches anything it checks that NEW_VERSION exists (its platform BOM
resolves) and that every directory is a service made from the platform's template.

Options:
  --dry-run      show what would change; change and build nothing
  --keep-failed  leave the new version in the pom.xml of a red build (to fix it by hand)
  --commit       make one git commit per green service: "Bump platform.version from A to B"
  -h, --help     show this help

Exit status: 0 when every service is green, 1 when one is red, 2 on wrong usage.
A build log per service is kept in target/bump-tiles/ of this repository.

Examples:
  scripts/bump-tiles.sh 0.2.0 ../orders ../billing ../shipping
  scripts/bump-tiles.sh --dry-run 0.2.0 ~/src/*-service
  scripts/bump-tiles.sh --commit 0.2.0 ../orders
USAGE
}

dry_run=0
keep_failed=0
commit=0
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --dry-run) dry_run=1; shift ;;
    --keep-failed) keep_failed=1; shift ;;
    --commit) commit=1; shift ;;
    --) shift; args+=("$@"); break ;;
    -*) usage_error "unknown option: $1" ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ ${#args[@]} -ge 1 ]] || usage_error "missing NEW_VERSION and SERVICE_DIR..."
[[ ${#args[@]} -ge 2 ]] || usage_error "missing SERVICE_DIR...: name at least one service directory"
new_version="${args[0]}"
services=("${args[@]:1}")
[[ "$new_version" =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || usage_error "'$new_version' is not a version"

root="$(repo_root)"
logs="$root/target/bump-tiles"
versions_plugin="org.codehaus.mojo:versions-maven-plugin:$(platform_property versions-maven-plugin.version)"

# current_platform_version POM: the <platform.version> of a service POM, or nothing.
current_platform_version() {
  python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
try:
    node = ET.parse(sys.argv[1]).getroot().find("m:properties/m:platform.version", ns)
except ET.ParseError:
    node = None
print(node.text.strip() if node is not None and node.text else "")
PY
}

# Everything is checked before anything is changed.
need_cmd python3 python3
declare -A from_version
for dir in "${services[@]}"; do
  [[ -d "$dir" ]] || die "$dir is not a directory"
  [[ -f "$dir/pom.xml" ]] || die "$dir has no pom.xml: not a service repository"
  from_version[$dir]="$(current_platform_version "$dir/pom.xml")"
  # shellcheck disable=SC2016 # the literal ${platform.version} of the tile coordinate
  if [[ -z "${from_version[$dir]}" ]] || ! grep -q ':micronaut-tile:${platform.version}</tile>' "$dir/pom.xml"; then
    die "$dir is not a service from the platform's template: its pom.xml has no <platform.version> property selecting the micronaut-tile"
  fi
  [[ -x "$dir/mvnw" ]] || die "$dir has no executable mvnw (chmod +x $dir/mvnw)"
  # Opening for append writes nothing, yet fails on a read-only file system, even for root.
  if [[ "$dry_run" == 0 ]] && ! (: >>"$dir/pom.xml") 2>/dev/null; then
    die "cannot write $dir/pom.xml (read-only): make it writable or leave $dir out"
  fi
done
log "checking that platform $new_version exists (io.github.mnplatform:platform-bom:$new_version)"
(cd "$root" && ./mvnw -B -q dependency:get -Dartifact="io.github.mnplatform:platform-bom:$new_version:pom" -Dtransitive=false >/dev/null 2>&1) ||
  die "platform version $new_version does not exist in any Maven repository you use (its platform-bom does not resolve): check the version, or install it (./mvnw install in the platform at that version)"

mkdir -p "$logs"
rows=()
red=0
current_dir=""
current_backup=""
# Ctrl-C or a kill: give the service being bumped its pom.xml back, report, stop.
# shellcheck disable=SC2317 # reached through the trap
on_interrupt() {
  if [[ -n "$current_backup" ]]; then
    cp -p "$current_backup" "$current_dir/pom.xml"
    log "interrupted: restored $current_dir/pom.xml"
  fi
  rows+=("$(basename "$current_dir")|${from_version[$current_dir]:-?}|$new_version|interrupted, pom.xml restored")
  print_table
  exit 130
}
print_table() {
  printf '\n%-24s | %-20s | %-20s | %s\n' repo from to result
  printf '%s\n' "-------------------------+----------------------+----------------------+-----------------------"
  local row repo from to result
  for row in "${rows[@]}"; do
    IFS='|' read -r repo from to result <<<"$row"
    printf '%-24s | %-20s | %-20s | %s\n' "$repo" "$from" "$to" "$result"
  done
}
trap on_interrupt INT TERM

for dir in "${services[@]}"; do
  name="$(basename "$(cd "$dir" && pwd)")"
  from="${from_version[$dir]}"
  if [[ "$from" == "$new_version" ]]; then
    rows+=("$name|$from|$new_version|already there, unchanged")
    continue
  fi
  if [[ "$dry_run" == 1 ]]; then
    rows+=("$name|$from|$new_version|dry run: would bump and verify")
    continue
  fi
  current_dir="$dir"
  current_backup="$logs/$name.pom.xml.orig"
  cp -p "$dir/pom.xml" "$current_backup"
  log "$name: platform.version $from -> $new_version"
  (cd "$dir" && ./mvnw -B -q "$versions_plugin:set-property" -Dproperty=platform.version \
    -DnewVersion="$new_version" -DgenerateBackupPoms=false >"$logs/$name.log" 2>&1) || {
    cp -p "$current_backup" "$dir/pom.xml"
    rows+=("$name|$from|$new_version|red: could not edit pom.xml (see $logs/$name.log), restored")
    red=1
    current_backup=""
    continue
  }
  [[ "$(current_platform_version "$dir/pom.xml")" == "$new_version" ]] ||
    die "$name: pom.xml does not say $new_version after the edit; restore it from $current_backup"
  log "$name: ./mvnw -B verify (log: $logs/$name.log)"
  if (cd "$dir" && ./mvnw -B verify >>"$logs/$name.log" 2>&1); then
    result="green"
    if [[ "$commit" == 1 ]]; then
      git -C "$dir" add pom.xml
      git -C "$dir" commit -q -m "Bump platform.version from $from to $new_version" -- pom.xml
      result="green, committed"
    fi
  else
    red=1
    if [[ "$keep_failed" == 1 ]]; then
      result="red: kept $new_version (--keep-failed), see $logs/$name.log"
    else
      cp -p "$current_backup" "$dir/pom.xml"
      result="red: pom.xml restored, see $logs/$name.log"
    fi
  fi
  rows+=("$name|$from|$new_version|$result")
  current_backup=""
done

print_table
exit "$red"
