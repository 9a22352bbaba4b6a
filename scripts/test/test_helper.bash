# shellcheck shell=bash
# Shared by the bats files in scripts/test. Run all of them with:
#   bats scripts/test
# The slow end-to-end file (offline-jre.bats) builds and runs real images; it
# needs root (apt, umoci), network to the Debian mirror once (apt-get download),
# and a JDK 25 (JAVA25_HOME or a search, see scripts/lib/common.sh).

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$SCRIPTS_DIR/.." && pwd)"
export SCRIPTS_DIR REPO_ROOT
# The scripts' own helpers (wait_for_url, image_layers, platform_version, ...).
# shellcheck source=../lib/common.sh
. "$SCRIPTS_DIR/lib/common.sh"

# need_tools CMD...: fail the test, saying what to install, when a tool is missing. A skipped
# test proves nothing on the machine it skipped on; scripts/test.sh installs these first.
need_tools() {
  local c missing=()
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "missing: ${missing[*]} (apt-get install -y ${missing[*]}, or run scripts/test.sh, which installs them)" >&2
    return 1
  fi
}
