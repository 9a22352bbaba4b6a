#!/usr/bin/env bash
# Moves service repositories to another platform version with the platform's update goal,
# builds each, reports, keeps or restores.
set -euo pipefail

LOG_PREFIX=bump-tiles
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/bump-tiles.sh [--dry-run] [--keep-failed] [--commit] NEW_VERSION SERVICE_DIR...

Moves each service to platform NEW_VERSION with `platform:update` (the template's change to its
managed files merged in, platform.version moved, the release recipes run), runs `./mvnw -B verify`
there and prints a table. A conflict or a red build gives the service back as it was committed.
Each service must be a clean git working tree with a .platform-template.properties.

Options:
  --dry-run      show what would change; change and build nothing
  --keep-failed  leave a conflicted or red service as the update left it (to fix it by hand)
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
update_goal="io.github.mnplatform:platform-maven-plugin:$new_version:update"
# What the goal did, one "OUTCOME FILE" per line (UpdateMojo.RESULT).
UPDATE_RESULT=target/platform-update/result.txt

# current_platform_version POM: the <platform.version> of a service POM, or nothing (also for
# a POM that is not well-formed XML).
current_platform_version() {
  xmllint --xpath "normalize-space(/*[local-name()='project']/*[local-name()='properties']/*[local-name()='platform.version'])" \
    "$1" 2>/dev/null || true
}

# restore DIR: the service as it was committed; what the update added goes (ignored files stay).
restore() {
  git -C "$1" reset -q --hard && git -C "$1" clean -q -fd
}

# Everything is checked before anything is changed.
need_cmd xmllint libxml2-utils
need_cmd git git
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
  [[ -f "$dir/.platform-template.properties" ]] ||
    die "$dir has no .platform-template.properties (the template version and answers the update renders with): write it as docs/reference/archetype.md#provenance shows, or run platform:migrate for a Micronaut Launch project"
  [[ "$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null)" == "$(cd "$dir" && pwd -P)" ]] ||
    die "$dir is not the top of a git repository of its own: a service is moved, and given back, as a whole repository (git init and commit it)"
  [[ -z "$(git -C "$dir" status --porcelain)" ]] ||
    die "$dir is not a clean git working tree (git status --porcelain shows changes): commit or stash first, so that a failed move can give it back"
  # Opening for append writes nothing, yet fails on a read-only file system, even for root.
  if [[ "$dry_run" == 0 ]] && ! (: >>"$dir/pom.xml") 2>/dev/null; then
    die "cannot write $dir/pom.xml (read-only): make it writable or leave $dir out"
  fi
  if [[ "$commit" == 1 ]]; then
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
rows=()
green_untouched=0
moved=0
current_dir=""
# on_interrupt STATUS: Ctrl-C or a kill: give the service being moved back, report, stop.
# shellcheck disable=SC2317 # reached through the trap
on_interrupt() {
  if [[ -n "$current_dir" ]]; then
    restore "$current_dir"
    log "interrupted: restored $current_dir as it was committed"
    rows+=("$(basename "$current_dir")|${from_version[$current_dir]}|$new_version|interrupted, restored|")
  fi
  print_table
  exit "$1"
}
print_table() {
  printf '\n%-24s | %-20s | %-20s | %-60s | %s\n' repo from to result time
  printf '%s\n' "-------------------------+----------------------+----------------------+--------------------------------------------------------------+------"
  local row repo from to result seconds
  for row in "${rows[@]}"; do
    IFS='|' read -r repo from to result seconds <<<"$row"
    printf '%-24s | %-20s | %-20s | %-60s | %s\n' "$repo" "$from" "$to" "$result" "$seconds"
  done
  [[ "$moved" == 0 ]] || log "$green_untouched of $moved moved services are green with no hand edit"
}
trap 'on_interrupt 130' INT
trap 'on_interrupt 143' TERM

red=0
for dir in "${services[@]}"; do
  name="$(basename "$(cd "$dir" && pwd)")"
  from="${from_version[$dir]}"
  log_file="$logs/$name.log"
  if [[ "$from" == "$new_version" ]]; then
    rows+=("$name|$from|$new_version|already there, unchanged|")
    continue
  fi
  if [[ "$dry_run" == 1 ]]; then
    log "$name: what platform:update would change (log: $log_file)"
    (cd "$dir" && ./mvnw -B "$update_goal" -Dplatform.update.dryRun=true >"$log_file" 2>&1) ||
      die "$name: platform:update --dry-run failed, see $log_file"
    changes="$(grep -cE '^\[INFO\]   (merged|added|removed|conflict): ' "$log_file" || true)"
    rows+=("$name|$from|$new_version|dry run: would change $changes managed files and verify|")
    continue
  fi
  current_dir="$dir"
  started=$SECONDS
  moved=$((moved + 1))
  log "$name: platform:update $from -> $new_version (log: $log_file)"
  rm -f "$dir/$UPDATE_RESULT"
  if (cd "$dir" && ./mvnw -B "$update_goal" >"$log_file" 2>&1); then
    updated=1
  else
    updated=0
  fi
  outcomes="$(cat "$dir/$UPDATE_RESULT" 2>/dev/null || true)"
  merged="$(grep -cE '^(merged|added|removed) ' <<<"$outcomes" || true)"
  recipe="$(grep -c '^recipe ' <<<"$outcomes" || true)"
  conflicts="$(sed -n 's/^conflict //p' <<<"$outcomes" | paste -sd ' ' -)"
  summary="merged $merged files, recipe changed $recipe files"
  if [[ "$updated" == 1 ]]; then
    log "$name: ./mvnw -B verify (log: $log_file)"
    if (cd "$dir" && ./mvnw -B verify >>"$log_file" 2>&1); then
      result="green: $summary"
      if [[ "$commit" == 1 ]]; then
        if git -C "$dir" add -A && git -C "$dir" commit -q -m "Bump platform.version from $from to $new_version" >>"$log_file" 2>&1; then
          result+=", committed"
        else
          result="red: git commit failed"
        fi
      fi
    else
      result="red"
    fi
  elif [[ -n "$conflicts" ]]; then
    result="conflict ($conflicts)"
  else
    result="red: platform:update failed"
  fi
  if [[ "$result" == green* ]]; then
    green_untouched=$((green_untouched + 1))
  else
    red=1
    if [[ "$keep_failed" == 1 ]]; then
      result+=": kept $new_version (--keep-failed), see $log_file"
    else
      restore "$dir"
      result+=", restored, see $log_file"
    fi
  fi
  rows+=("$name|$from|$new_version|$result|$((SECONDS - started)) s")
  current_dir=""
done

print_table
exit "$red"
