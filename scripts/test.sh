#!/usr/bin/env bash
# All the tests, from a fresh machine: installs what they need, then runs them.
set -euo pipefail

LOG_PREFIX="test"
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/test.sh [--no-maven] [--no-bats]

Runs every test of the platform, installing what they need first (Debian packages when
run as root; otherwise it says what to install):
  1. shellcheck over every script; actionlint and policy checks over every workflow
  2. ./mvnw -B install: unit tests, the tiles' invoker ITs, the archetype ITs
     (a generated service built and tested) and the bad-input ITs; meanwhile Renovate
     is installed for step 3 (once, into ~/.cache/mnplatform)
  3. bats scripts/test: the scripts, the quickstart end to end, bench/run.sh --quick

Options:
  --no-maven   skip step 2 (the platform must already be installed in ~/.m2)
  --no-bats    skip step 3
  -h, --help   show this help

Examples:
  scripts/test.sh
  scripts/test.sh --no-maven
USAGE
}

run_maven=1
run_bats=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --no-maven) run_maven=0; shift ;;
    --no-bats) run_bats=0; shift ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

root="$(repo_root)"
cd "$root"

log "[1/3] checking tools"
need_cmd curl
need_cmd unzip
need_cmd shellcheck
need_cmd bats
need_cmd setsid util-linux
need_cmd jq
need_cmd npm
need_cmd git
need_cmd python3
need_cmd yq              # reads a workflow step to run it (e2e, workflows)
need_cmd htpasswd apache2-utils # a registry that wants credentials (e2e)
need_cmd runuser util-linux     # scripts run as the runner's uid 1001 (e2e, release)

# The tests start over a hundred short Maven runs (services generated, built, bumped). With the
# JIT's first tier alone such a run takes a third less time (a service's `package`: 7.0 s, 4.7 s);
# it changes how Maven's own JVM compiles, not what Maven does. The caller's MAVEN_OPTS come
# after it, so they win.
export MAVEN_OPTS="-XX:TieredStopAtLevel=1${MAVEN_OPTS:+ $MAVEN_OPTS}"

log "[1/3] shellcheck"
mapfile -t shell_files < <(find scripts bench .ci -type f \( -name '*.sh' -o -name run \) | sort)
shellcheck "${shell_files[@]}" # .shellcheckrc: follow the sourced library
log "shellcheck: ${#shell_files[@]} files clean"
log "[1/3] workflows (actionlint, permissions, pinned actions)"
scripts/lint-workflows.sh

if [[ "$run_bats" == 1 ]]; then
  # Renovate (some 450 MB from the npm registry, minutes on a fresh machine) installs while
  # Maven builds: renovate.bats needs it, and a download leaves the cores to Maven.
  renovate_log="$(mktemp)"
  log "[1/3] installing Renovate for renovate.bats in the background, if needed (log: $renovate_log)"
  scripts/validate-renovate.sh --print-bin >"$renovate_log" 2>&1 &
  renovate_pid=$!
fi

if [[ "$run_maven" == 1 ]]; then
  log "[2/3] ./mvnw -B install (unit tests, invoker ITs, archetype ITs)"
  ./mvnw -B install
fi

if [[ "$run_bats" == 1 ]]; then
  # renovate.bats last: the others run while Renovate may still be installing. A failure
  # there still waits for the install (nothing is left running) and runs renovate.bats.
  mapfile -t bats_files < <(find scripts/test -name '*.bats' ! -name renovate.bats | sort)
  log "[3/3] bats: ${#bats_files[@]} files of scripts/test, renovate.bats last"
  bats_failed=0
  bats --timing "${bats_files[@]}" || bats_failed=1
  log "[3/3] waiting for the Renovate install"
  if ! wait "$renovate_pid"; then
    tail -n 20 "$renovate_log" >&2
    die "Renovate could not be installed for renovate.bats (above, the end of $renovate_log)"
  fi
  log "[3/3] bats scripts/test/renovate.bats"
  bats --timing scripts/test/renovate.bats || bats_failed=1
  [[ "$bats_failed" == 0 ]] || die "bats: tests failed (not ok, above)"
fi
log "all tests passed"
