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

# GitHub-hosted runners run a job as uid 1001 ("runner"; 1000 is runneradmin), which is not the
# images' user (1000): a file a container writes is not the job's own. The tests below run the
# production scripts as that uid, with the engine as root behind a socket, as on a runner.
RUNNER_UID=1001

# runner_user: the name of the account with uid RUNNER_UID, created when missing. Root only.
runner_user() {
  if ! is_root; then
    echo "these tests run scripts as uid $RUNNER_UID and create that account: run them as root (scripts/test.sh does)" >&2
    return 1
  fi
  local name
  name="$(getent passwd "$RUNNER_UID" | cut -d: -f1)"
  if [[ -z "$name" ]]; then
    useradd --uid "$RUNNER_UID" --create-home --shell /bin/bash runner >&2
    name=runner
  fi
  # A root directory that only root may enter (a chroot made in a mktemp directory) lets no
  # other user run anything: say so instead of failing later in each test.
  if ! runuser -u "$name" -- true 2>/dev/null; then
    echo "uid $RUNNER_UID ($name) cannot run programs here: is / (or a directory above /usr/bin) searchable by other users? (ls -ld /)" >&2
    return 1
  fi
  printf '%s\n' "$name"
}

# runner_home: the home directory of the runner's account.
runner_home() {
  getent passwd "$(runner_user)" | cut -d: -f6
}

# runner_workspace DIR: what a job has after checkout and setup-java's cache, owned by the
# runner's uid: this checkout's tracked files at DIR/repo, and in the runner's home (Maven
# takes the local repository from the account's home, not from HOME) a fresh copy of this
# user's Maven repository, the platform installed in it, and Maven Wrapper distributions.
runner_workspace() {
  local dir="$1" user home m2
  user="$(runner_user)"
  home="$(runner_home)"
  m2="$(platform_property settings.localRepository)"
  mkdir -p "$dir/repo"
  git -C "$REPO_ROOT" ls-files -z | tar -C "$REPO_ROOT" --null -T - -cf - | tar -C "$dir/repo" -xf -
  rm -rf "$home/.m2" "$home/.cache/mnplatform" # the runner's own: it trains its AOT caches anew
  mkdir -p "$home/.m2"
  cp -a "$m2" "$home/.m2/repository"
  if [[ -d "${MAVEN_USER_HOME:-$HOME/.m2}/wrapper" ]]; then
    cp -a "${MAVEN_USER_HOME:-$HOME/.m2}/wrapper" "$home/.m2/wrapper"
  fi
  chown -R "$user:" "$dir" "$home/.m2"
}

# as_runner CMD...: runs CMD as the runner's uid in its home, keeping the JDKs, PATH and the
# registry settings of this shell.
as_runner() {
  runuser -u "$(runner_user)" -- env HOME="$(runner_home)" PATH="$PATH" JAVA_HOME="${JAVA_HOME:-}" \
    JAVA25_HOME="${JAVA25_HOME:-}" LOCAL_REGISTRY_PORT="${LOCAL_REGISTRY_PORT:-}" "$@"
}

# runner_engine DIR: starts podman's API service as root on DIR/podman.sock, which only the
# runner's uid may use, the way a runner's job reaches the Docker engine; prints its pid. The
# scripts reach it as podman's remote client (CONTAINER_HOST=unix://DIR/podman.sock).
runner_engine() {
  local dir="$1" i
  (
    ENGINE=""
    PLATFORM_ENGINE=podman
    use_container_engine
    exec setsid "$ENGINE" system service --time=0 "unix://$dir/podman.sock" >"$dir/podman-service.log" 2>&1
  ) &
  for ((i = 0; i < 100; i++)); do
    [[ -S "$dir/podman.sock" ]] && break
    sleep 0.1
  done
  [[ -S "$dir/podman.sock" ]] || { cat "$dir/podman-service.log" >&2; return 1; }
  chown "$(runner_user):" "$dir/podman.sock"
  echo "$!"
}
