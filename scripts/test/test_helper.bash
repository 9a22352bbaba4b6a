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

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 9<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

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
