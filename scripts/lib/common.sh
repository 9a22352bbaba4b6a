# shellcheck shell=bash
# Shared helpers for the scripts in scripts/. Source it, do not run it:
#
#   LOG_PREFIX=my-script
#   # shellcheck source=lib/common.sh
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Provides: log, warn, die, usage_error, github_error, need_cmd, is_root, apt_install,
# repo_root, java_major_of, find_jdk25, port_in_use, wait_for_url, millis_until_url,
# tool_jar, use_container_engine.
# Nothing here hard-codes a machine path without a fallback.

if [[ -n "${_PLATFORM_COMMON_SH:-}" ]]; then
  return 0
fi
_PLATFORM_COMMON_SH=1

: "${LOG_PREFIX:=$(basename "${0%.sh}")}"

# github_error MESSAGE: in GitHub Actions, also an error annotation on the run's page. On
# stderr, which the runner reads for workflow commands as it does stdout; a caller may be
# capturing stdout.
github_error() {
  if [[ "${GITHUB_ACTIONS:-}" == true ]]; then
    printf '::error::%s: %s\n' "$LOG_PREFIX" "$*" >&2
  fi
}

# Progress messages go to stderr so that stdout stays free for results
# (a digest, a status line) that callers may capture.
log() { printf '%s: %s\n' "$LOG_PREFIX" "$*" >&2; }
warn() { printf '%s: WARNING: %s\n' "$LOG_PREFIX" "$*" >&2; }
die() {
  printf '%s: ERROR: %s\n' "$LOG_PREFIX" "$*" >&2
  github_error "$*"
  exit 1
}
# Wrong command line: exit 2, and point at --help.
usage_error() {
  printf '%s: ERROR: %s\n' "$LOG_PREFIX" "$*" >&2
  printf '%s: run with --help for usage\n' "$LOG_PREFIX" >&2
  github_error "$*"
  exit 2
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# apt_install PKG... : install Debian packages when root, otherwise die with
# the exact command to run.
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    die "missing package(s) $*; this is not a Debian/Ubuntu machine (no apt-get): install them with your package manager"
  fi
  if ! is_root; then
    die "missing package(s) $*; install them with: sudo apt-get update && sudo apt-get install -y $*"
  fi
  log "installing Debian package(s): $*"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2; then
    log "apt-get install failed; refreshing the package lists and retrying"
    apt-get update >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2 ||
      die "could not install $*; run: apt-get update && apt-get install -y $*"
  fi
}

# need_cmd COMMAND [DEBIAN_PACKAGE]: make sure COMMAND exists; install its
# Debian package when we are root, else die saying what to install.
need_cmd() {
  local cmd="$1" pkg="${2:-$1}"
  if command -v "$cmd" >/dev/null 2>&1; then
    return 0
  fi
  log "'$cmd' not found; it comes with the Debian package '$pkg'"
  apt_install "$pkg"
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' still not found after installing '$pkg'"
}

# repo_root: the repository root, derived from the location of this file
# (scripts/lib/common.sh -> ../..). PLATFORM_REPO_ROOT overrides it.
repo_root() {
  if [[ -n "${PLATFORM_REPO_ROOT:-}" ]]; then
    (cd "$PLATFORM_REPO_ROOT" && pwd)
    return
  fi
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
}

# java_major_of JAVA_HOME: prints the feature version (17, 21, 25, ...) read
# from the `release` file of a JDK/JRE, or nothing when it has none.
java_major_of() {
  local home="$1" v
  [[ -f "$home/release" ]] || return 0
  v="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)"
  [[ -n "$v" ]] || return 0
  if [[ "$v" == 1.* ]]; then
    v="${v#1.}"
  fi
  printf '%s\n' "${v%%[.+-]*}"
}

# _is_jdk25 DIR [NEED_JLINK]: true when DIR is a Java 25 home with bin/java
# (and bin/jlink when NEED_JLINK=1).
_is_jdk25() {
  local home="$1" need_jlink="${2:-0}"
  [[ -n "$home" && -d "$home" ]] || return 1
  [[ "$(java_major_of "$home")" == "25" ]] || return 1
  [[ -x "$home/bin/java" ]] || return 1
  if [[ "$need_jlink" == 1 ]]; then
    [[ -x "$home/bin/jlink" ]] || return 1
  fi
  return 0
}

# find_jdk25 [--jlink]: prints the home of a Java 25 JDK. Order:
#   1. JAVA25_HOME (must be a JDK 25, else error)
#   2. JAVA_HOME, if its release file says JAVA_VERSION="25..."
#   3. the first match of /usr/lib/jvm/*, /opt/java/*, /opt/*,
#      ~/.sdkman/candidates/java/* whose release file says major version 25
#      (PLATFORM_JDK_SEARCH_DIRS, colon separated, replaces that list).
# With --jlink the JDK must also have bin/jlink (a JRE is not enough).
find_jdk25() {
  local need_jlink=0 what="JDK 25" cand
  if [[ "${1:-}" == "--jlink" ]]; then
    need_jlink=1
    what="JDK 25 with jlink"
  fi
  if [[ -n "${JAVA25_HOME:-}" ]]; then
    if _is_jdk25 "$JAVA25_HOME" "$need_jlink"; then
      printf '%s\n' "$JAVA25_HOME"
      return 0
    fi
    die "JAVA25_HOME=$JAVA25_HOME is not a $what (its release file must say JAVA_VERSION=\"25...\" and it needs bin/java$([[ $need_jlink == 1 ]] && echo ' and bin/jlink'))"
  fi
  if [[ -n "${JAVA_HOME:-}" ]] && _is_jdk25 "$JAVA_HOME" "$need_jlink"; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  local search="${PLATFORM_JDK_SEARCH_DIRS:-/usr/lib/jvm:/opt/java:/opt:${HOME:-/nonexistent}/.sdkman/candidates/java}"
  local -a dirs globs=()
  local d
  IFS=: read -r -a dirs <<<"$search"
  for d in "${dirs[@]}"; do
    [[ -n "$d" ]] && globs+=("$d"/*)
  done
  for cand in "${globs[@]}"; do
    [[ -L "$cand" ]] && continue # prefer real directories; links point at one of them
    if _is_jdk25 "$cand" "$need_jlink"; then
      printf '%s\n' "$cand"
      return 0
    fi
  done
  for cand in "${globs[@]}"; do
    if _is_jdk25 "$cand" "$need_jlink"; then
      printf '%s\n' "$cand"
      return 0
    fi
  done
  die "no $what found. Install one (e.g. Eclipse Temurin 25: https://adoptium.net, or 'sdk install java 25-tem', or the Debian/Ubuntu package openjdk-25-jdk-headless where available) and/or set JAVA25_HOME=/path/to/jdk-25 (searched: JAVA25_HOME, JAVA_HOME, and the directories in ${search//:/, })"
}

# port_in_use PORT [HOST]: true when something accepts TCP connections there.
port_in_use() {
  local port="$1" host="${2:-127.0.0.1}"
  (exec 9<>"/dev/tcp/$host/$port") 2>/dev/null
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$((20000 + RANDOM % 20000))
    if ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# valid_port N: true for 1..65535.
valid_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && ((10#$1 >= 1 && 10#$1 <= 65535))
}

# wait_for_url URL SECONDS: poll with curl until URL answers 2xx.
wait_for_url() {
  millis_until_url "$1" "$2" >/dev/null
}

# millis_until_url URL SECONDS [START_MS]: polls URL every 50 ms until it answers 2xx and prints
# the milliseconds since START_MS (epoch milliseconds, default: the call); fails after SECONDS.
millis_until_url() {
  local url="$1" secs="$2" start="${3:-$(date +%s%3N)}" now
  while :; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      now="$(date +%s%3N)"
      printf '%s\n' "$((now - start))"
      return 0
    fi
    now="$(date +%s%3N)"
    ((now - start < secs * 1000)) || return 1
    sleep 0.05
  done
}

# tool_jar ROOT MODULE: prints the jar of a tool module of the platform at ROOT (MODULE, e.g.
# tools/platform-cli, builds target/platform-cli.jar), building it first when it is missing or
# older than its sources or POMs, or those of platform-core, which every tool uses. The jar is
# touched after a build: the jar plugin leaves an up-to-date jar as it is. Maven prints nothing
# unless the build fails.
tool_jar() {
  local root="$1" module="$2" jar
  jar="$root/$module/target/$(basename "$module").jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/$module/src/main" "$root/$module/pom.xml" "$root/pom.xml" \
    "$root/platform-core/src/main" "$root/platform-core/pom.xml" -newer "$jar" -print -quit)" ]]; then
    log "building $module (./mvnw -q -pl $module -am package)"
    (cd "$root" && ./mvnw -B -q -pl "$module" -am package -DskipTests >&2) ||
      die "could not build $module (see the Maven output above); run: ./mvnw -pl $module -am package"
    touch "$jar"
  fi
  printf '%s\n' "$jar"
}

# platform_property EXPRESSION: a value of the platform's root POM (or Maven's settings), as
# Maven itself evaluates it, e.g. platform.org or settings.localRepository.
platform_property() {
  (cd "$(repo_root)" && ./mvnw -B -q -N help:evaluate -Dexpression="$1" -DforceStdout)
}

# installed_platform_artifact ARTIFACT VERSION: the directory of io.github.mnplatform:ARTIFACT:VERSION
# in the local Maven repository (which may not exist).
installed_platform_artifact() {
  local repository
  repository="$(platform_property settings.localRepository)" || repository=""
  [[ -n "$repository" ]] ||
    die "Maven could not tell its local repository (settings.localRepository): run ./mvnw -N help:evaluate -Dexpression=settings.localRepository to see why"
  printf '%s/io/github/mnplatform/%s/%s\n' "$repository" "$1" "$2"
}

# platform_version: the version of this checkout's platform reactor (= the platform version).
platform_version() {
  platform_property project.version
}

# registry_manifest REGISTRY REPOSITORY REFERENCE: prints the manifest (OCI or Docker v2) of an
# image in a plain-HTTP registry (the local one).
registry_manifest() {
  curl -fsS --max-time 10 \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$1/v2/$2/manifests/$3"
}

# image_layers REGISTRY REPOSITORY REFERENCE: prints "<digest> <size>" per layer of an image.
image_layers() {
  registry_manifest "$1" "$2" "$3" | jq -r '.layers[] | "\(.digest) \(.size)"'
}

# registry_image_config REGISTRY REPOSITORY REFERENCE: prints the config (JSON) of an image.
registry_image_config() {
  local config
  config="$(registry_manifest "$1" "$2" "$3" | jq -r .config.digest)"
  curl -fsS --max-time 10 "http://$1/v2/$2/blobs/$config"
}

# registry_image_label REGISTRY REPOSITORY REFERENCE LABEL: prints a label of an image, nothing
# when the image has no such label.
registry_image_label() {
  registry_image_config "$1" "$2" "$3" | jq -r --arg l "$4" '.config.Labels[$l] // empty'
}

# skopeo_policy_file DIR: writes a signature policy that accepts any image into DIR and prints
# its path. skopeo refuses to copy without one, and /etc/containers/policy.json may be absent;
# the images copied here are the platform's own, from registries the caller names.
skopeo_policy_file() {
  mkdir -p "$1"
  printf '%s\n' '{"default":[{"type":"insecureAcceptAnything"}]}' >"$1/policy.json"
  printf '%s\n' "$1/policy.json"
}

# use_container_engine: sets ENGINE to the command that runs images here, "docker" or
# podman's absolute path, and prepares it. Call it directly, not in $(...): it exports.
# docker wins only when an engine answers behind its client (a docker CLI without an engine
# is common); otherwise podman, installed from Debian when missing. PLATFORM_ENGINE=docker or
# podman forces the choice. For podman it exports CONTAINERS_CONF, a file of our own under
# target/, so that a user's podman settings stay untouched:
#   runtime runc       Debian 12's crun 1.8 fails on hybrid cgroups ("cgroups in hybrid mode
#                      not supported"); runc runs everywhere
#   default_ulimits    the caller's own hard limits, nproc at most the kernel's pid_max:
#                      podman's defaults ask for more than a sandboxed or unprivileged caller
#                      may set, and some kernels refuse an nproc above pid_max
use_container_engine() {
  [[ -z "${ENGINE:-}" ]] || return 0
  local choice="${PLATFORM_ENGINE:-}"
  case "$choice" in
    "" | docker | podman) ;;
    *) die "PLATFORM_ENGINE=$choice: use docker or podman (or leave it unset to detect)" ;;
  esac
  if [[ "$choice" != podman ]]; then
    if command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
      export ENGINE=docker
      return 0
    fi
    [[ "$choice" != docker ]] || die "PLATFORM_ENGINE=docker, but no Docker engine answers 'docker info': start it, or use podman"
  fi
  need_cmd podman
  need_cmd runc
  local conf_dir nofile nproc
  conf_dir="$(repo_root)/target/podman"
  nofile="$(ulimit -Hn)" nproc="$(ulimit -Hu)"
  [[ "$nofile" != unlimited ]] || nofile=1048576
  local pid_max
  pid_max="$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 32768)"
  if [[ "$nproc" == unlimited ]] || ((nproc > pid_max)); then
    nproc="$pid_max"
  fi
  mkdir -p "$conf_dir"
  printf '%s\n' '# Written by scripts/lib/common.sh (use_container_engine), which says why.' \
    '[containers]' "default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]" \
    '[engine]' 'runtime = "runc"' >"$conf_dir/containers.conf"
  export CONTAINERS_CONF="$conf_dir/containers.conf"
  ENGINE="$(command -v podman)"
  export ENGINE
}
