#!/usr/bin/env bash
# Moves service repositories to another platform version: edit, build, report, keep or restore.
set -euo pipefail

LOG_PREFIX=bump-tiles
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bump-tiles.sh [--dry-run] [--keep-failed] [--commit] NEW_VERSION SERVICE_DIR...

Moves each service to platform NEW_VERSION (pom.xml, ci.yml, renovate.json, Maven Wrapper), runs
`./mvnw -B verify` there and prints a table; a service whose build is red gets its files back.

Options:
  --dry-run      show what would change; change and build nothing
  --keep-failed  leave the new version in the pom.xml of a red build (to fix it by hand)
  --commit       make one git commit per green service: "Bump platform.version from A to B"
  -h, --help     show this help

Environment:
  GIT_AUTHOR_*     with --commit: the author, when git has no user.name and user.email
  GIT_COMMITTER_*  with --commit: the committer, likewise

Examples:
  scripts/bump-tiles.sh 0.2.0 ../orders ../billing ../shipping
  scripts/bump-tiles.sh --dry-run 0.2.0 ~/src/*-service
  scripts/bump-tiles.sh --commit 0.2.0 ../orders

Reference: docs/reference/scripts.md#bump-tilessh
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

# current_platform_version POM: the <platform.version> of a service POM, or nothing (also for
# a POM that is not well-formed XML).
current_platform_version() {
  xmllint --xpath "normalize-space(/*[local-name()='project']/*[local-name()='properties']/*[local-name()='platform.version'])" \
    "$1" 2>/dev/null || true
}

# The files a bump edits, relative to the service; a red build gets them all back.
WORKFLOW=.github/workflows/ci.yml
WRAPPER=.mvn/wrapper/maven-wrapper.properties
EDITED=(pom.xml "$WORKFLOW" renovate.json "$WRAPPER")
# The template fixes these two lines' format (archetype-post-generate.groovy writes them), so
# a substitution anchored on the whole line is the edit; each is checked after it is made.
WORKFLOW_REF_LINE='^ *uses: [a-z0-9-]+/platform/\.github/workflows/service\.yml@[^ ]+$'
PRESET_REF='"github>[a-z0-9-]+/platform//renovate/service\.json(#[^"]*)?"'

# workflow_ref VERSION: the git ref of the platform at VERSION (a -SNAPSHOT has no tag).
workflow_ref() {
  if [[ "$1" == *-SNAPSHOT ]]; then echo main; else echo "v$1"; fi
}

# move_refs DIR: the workflow and preset refs and the wrapper of NEW_VERSION, in DIR.
move_refs() {
  local dir="$1" preset_suffix=""
  [[ "$new_ref" == main ]] || preset_suffix="#$new_ref"
  sed -i -E "s|^( *uses: [a-z0-9-]+/platform/\.github/workflows/service\.yml@)[^ ]+\$|\1$new_ref|" "$dir/$WORKFLOW"
  grep -Eq "^ *uses: [a-z0-9-]+/platform/\.github/workflows/service\.yml@${new_ref//./\\.}\$" "$dir/$WORKFLOW" || return 1
  if [[ -f "$dir/renovate.json" ]] && grep -Eq "$PRESET_REF" "$dir/renovate.json"; then
    sed -i -E "s|\"(github>[a-z0-9-]+/platform//renovate/service\.json)(#[^\"]*)?\"|\"\1$preset_suffix\"|" "$dir/renovate.json"
    grep -Fq "/platform//renovate/service.json$preset_suffix\"" "$dir/renovate.json" || return 1
  fi
  mkdir -p "$dir/$(dirname "$WRAPPER")"
  cp "$wrapper_properties" "$dir/$WRAPPER"
}

# backup DIR / restore DIR: the edited files of DIR, byte for byte.
backup() {
  local dir="$1" file
  rm -rf "$current_backup" && mkdir -p "$current_backup"
  for file in "${EDITED[@]}"; do
    if [[ -f "$dir/$file" ]]; then
      mkdir -p "$current_backup/$(dirname "$file")"
      cp -p "$dir/$file" "$current_backup/$file"
    fi
  done
}
restore() {
  local dir="$1" file
  for file in "${EDITED[@]}"; do
    if [[ -f "$current_backup/$file" ]]; then
      cp -p "$current_backup/$file" "$dir/$file"
    else
      rm -f "$dir/$file"
    fi
  done
}

# Everything is checked before anything is changed.
need_cmd xmllint libxml2-utils
need_cmd unzip
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
  if [[ ! -f "$dir/$WORKFLOW" ]] || ! grep -Eq "$WORKFLOW_REF_LINE" "$dir/$WORKFLOW"; then
    die "$dir is not a service from the platform's template: its $WORKFLOW has no line 'uses: <org>/platform/.github/workflows/service.yml@<ref>' calling the platform's workflow"
  fi
  if [[ "$dry_run" == 0 ]]; then
    for file in "${EDITED[@]}"; do
      # Opening for append writes nothing, yet fails on a read-only file system, even for root.
      if [[ -f "$dir/$file" ]] && ! (: >>"$dir/$file") 2>/dev/null; then
        die "cannot write $dir/$file (read-only): make it writable or leave $dir out"
      fi
    done
  fi
  if [[ "$commit" == 1 ]]; then
    git -C "$dir" rev-parse --git-dir >/dev/null 2>&1 || die "--commit: $dir is not a git repository"
    # The same check git commit makes, before anything is edited.
    if ! git -C "$dir" var GIT_AUTHOR_IDENT >/dev/null 2>&1 || ! git -C "$dir" var GIT_COMMITTER_IDENT >/dev/null 2>&1; then
      die "--commit: git has no identity to commit with in $dir (user.name and user.email are not set). Set them (git config --global user.name 'Your Name'; git config --global user.email you@example.com) or export GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL, then run again; nothing was changed"
    fi
  fi
done
log "checking that platform $new_version exists (io.github.mnplatform:platform-bom:$new_version)"
(cd "$root" && ./mvnw -B -q dependency:get -Dartifact="io.github.mnplatform:platform-bom:$new_version:pom" -Dtransitive=false >/dev/null 2>&1) ||
  die "platform version $new_version does not exist in any Maven repository you use (its platform-bom does not resolve): check the version, or install it (./mvnw install in the platform at that version)"

mkdir -p "$logs"
# The platform owns its services' Maven version: the wrapper of NEW_VERSION's template.
template="$logs/template-$new_version"
(cd "$root" && ./mvnw -B -q dependency:copy -Dartifact="io.github.mnplatform:service-template:$new_version" \
  -DoutputDirectory="$template" >"$logs/template-$new_version.log" 2>&1) ||
  die "the service template of platform $new_version does not resolve (see $logs/template-$new_version.log): install it (./mvnw install in the platform at that version)"
wrapper_properties="$template/maven-wrapper.properties"
unzip -p "$template/service-template-$new_version.jar" "archetype-resources/$WRAPPER" >"$wrapper_properties" ||
  die "the service template of platform $new_version has no $WRAPPER"
new_ref="$(workflow_ref "$new_version")"
rows=()
red=0
current_dir=""
current_backup=""
# Ctrl-C or a kill: give the service being bumped its pom.xml back, report, stop.
# shellcheck disable=SC2317 # reached through the trap
on_interrupt() {
  if [[ -n "$current_backup" ]]; then
    restore "$current_dir"
    log "interrupted: restored the files of $current_dir (${EDITED[*]})"
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
    rows+=("$name|$from|$new_version|dry run: would bump and verify (workflow ref $(workflow_ref "$from") -> $new_ref)")
    continue
  fi
  current_dir="$dir"
  current_backup="$logs/$name.orig"
  backup "$dir"
  log "$name: platform.version $from -> $new_version, workflow ref -> $new_ref, Maven Wrapper of $new_version"
  (cd "$dir" && ./mvnw -B -q "$versions_plugin:set-property" -Dproperty=platform.version \
    -DnewVersion="$new_version" -DgenerateBackupPoms=false >"$logs/$name.log" 2>&1) || {
    restore "$dir"
    rows+=("$name|$from|$new_version|red: could not edit pom.xml (see $logs/$name.log), restored")
    red=1
    current_backup=""
    continue
  }
  [[ "$(current_platform_version "$dir/pom.xml")" == "$new_version" ]] ||
    die "$name: pom.xml does not say $new_version after the edit; restore it from $current_backup"
  move_refs "$dir" || {
    restore "$dir"
    die "$name: the workflow or preset ref did not change to $new_ref; its files were restored"
  }
  log "$name: ./mvnw -B verify (log: $logs/$name.log)"
  if (cd "$dir" && ./mvnw -B verify >>"$logs/$name.log" 2>&1); then
    result="green"
    if [[ "$commit" == 1 ]]; then
      changed=()
      for file in "${EDITED[@]}"; do
        [[ -f "$dir/$file" ]] && changed+=("$file")
      done
      git -C "$dir" add -- "${changed[@]}"
      git -C "$dir" commit -q -m "Bump platform.version from $from to $new_version" -- "${changed[@]}"
      result="green, committed"
    fi
  else
    red=1
    if [[ "$keep_failed" == 1 ]]; then
      result="red: kept $new_version (--keep-failed), see $logs/$name.log"
    else
      restore "$dir"
      result="red: pom.xml restored, see $logs/$name.log"
    fi
  fi
  rows+=("$name|$from|$new_version|$result")
  current_backup=""
done

print_table
exit "$red"
