#!/usr/bin/env bash
# Builds a minimal Java 25 runtime image (OCI) without a Docker engine and
# without Docker Hub, and pushes it to a registry (the local one by default).
#
#   layer 1 "base": a few Debian packages unpacked with dpkg-deb (glibc and
#           what the JRE links against, found with ldd), the CA bundle, the
#           C.UTF-8 locale, /etc/passwd + /etc/group (root, app 1000:1000),
#           /tmp (1777), /home/app (1000:1000)
#   layer 2 "jre":  a jlink'ed Java 25 runtime in /opt/java/openjdk, the same
#           place and the same PATH/JAVA_HOME as eclipse-temurin images
#
# Both layers are plain tar files written reproducibly (sorted names, mtime
# @1, owner 0:0 numeric, pax headers without atime/ctime, gzip -n), so the
# same JDK and the same Debian package versions give the same image digest.
set -euo pipefail
umask 022
export LC_ALL=C

LOG_PREFIX=build-offline-jre
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The modules of the jlink'ed runtime: enough for a Micronaut 4 Netty HTTP
# service with Thymeleaf views, Jackson/serde, logback, validation and
# management. Checked with `jdeps -s` on the jars of that set:
#   java.base           everything
#   java.logging        netty-common, reactor-core, JUL bridges
#   java.xml            logback configuration (SAX), Jackson XML helpers
#   java.naming         netty-resolver-dns (JNDI DNS lookups), logback JNDI
#   jdk.naming.dns      the JNDI DNS provider that netty's resolver asks for
#   java.management     micronaut-management (metrics, info), logback JMX
#   jdk.management      com.sun.management.* (process CPU, GC, thread stats)
#   java.sql            micronaut-management, thymeleaf, Jackson java.sql.* types
#   java.desktop        java.beans.*: OGNL (Thymeleaf's expression language)
#                       and Jackson's @ConstructorProperties support; the
#                       AWT/X11 libraries that come with it are never loaded
#                       in a headless server (adds ~24 MB unpacked, ~9 MB gz)
#   java.net.http       java.net.http.HttpClient (micronaut-http-client-jdk)
#   java.instrument     -javaagent (OpenTelemetry and other agents)
#   jdk.unsupported     sun.misc.Unsafe for Netty, Caffeine, JCTools
#   jdk.zipfs           Micronaut reads resources inside jars via zip FS
#   jdk.jfr             jdk.jfr.Event: micronaut-http-server-netty emits JFR
#                       events per request (NoClassDefFoundError without it)
#   jdk.crypto.ec       empty since JDK 22 (EC moved into java.base); added
#                       only if the JDK still has it, for older tooling
# Left out on purpose (add with --add-modules): jdk.localedata (non-English
# locale data, ~10 MB), jdk.charsets, java.scripting, java.security.jgss
# (Kerberos), jdk.jcmd/jdk.attach (diagnostic tools).
DEFAULT_MODULES="java.base,java.logging,java.xml,java.naming,jdk.naming.dns,java.management,jdk.management,java.sql,java.desktop,java.net.http,java.instrument,jdk.unsupported,jdk.zipfs,jdk.jfr"
OPTIONAL_MODULES="jdk.crypto.ec"

# Native libraries of java.desktop that a headless server never loads; their
# X11/ALSA dependencies are therefore not put into the image.
HEADLESS_SKIP_LIBS="libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so"

# Always in the base layer besides what ldd finds: glibc's libgcc_s is
# dlopen'ed by pthread_cancel/backtrace (a hard Depends of libc6).
BASE_PACKAGES="libc6 libgcc-s1"
# Taken in part only: the CA bundle, the C.UTF-8 locale, /etc/os-release.
PARTIAL_PACKAGES="ca-certificates libc-bin base-files"

EPOCH=1
CREATED="1970-01-01T00:00:01Z"
JAVA_DIR="opt/java/openjdk"
IMAGE_PATH_ENV="PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

usage() {
  cat <<EOF
Usage: scripts/build-offline-jre.sh [--registry HOST:PORT] [--image NAME:TAG]
                                    [--add-modules M1,M2] [--cds] [--no-push]
                                    [--debian-suite SUITE [--debian-mirror URL]]
                                    [--work-dir DIR]

Builds a minimal Java 25 runtime image without a Docker engine or Docker Hub (jlink from a local
JDK 25 plus a few Debian libraries, in reproducible layers) and pushes it with skopeo. Prints the
pushed digest on stdout; same inputs give the same digest.

Options:
  --registry HOST:PORT   registry to push to (default: 127.0.0.1:\${LOCAL_REGISTRY_PORT:-5000})
  --image NAME:TAG       repository and tag (default: platform/jre:25)
  --add-modules LIST     extra jlink modules, comma separated
  --cds                  also generate the default CDS archive: faster start, +~28 MB
  --no-push              only build the OCI layout, do not push
  --debian-suite SUITE   take the Debian packages from SUITE (e.g. trixie), not the apt sources
  --debian-mirror URL    the mirror for --debian-suite (default: http://deb.debian.org/debian)
  --work-dir DIR         work dir (default: <repo>/target/offline-jre, or offline-jre-SUITE)
  -h, --help             this help

Environment:
  JAVA25_HOME            JDK 25 to jlink from (else JAVA_HOME if it is 25, else a search)
  LOCAL_REGISTRY_PORT    default registry port (5000)

Examples:
  scripts/build-offline-jre.sh
  scripts/build-offline-jre.sh --debian-suite trixie --image platform/jre:25-trixie
  scripts/run-image.sh run 127.0.0.1:5000/platform/jre:25 --name jre -- java -version

Reference: docs/reference/scripts.md#build-offline-jresh
EOF
}

registry="127.0.0.1:${LOCAL_REGISTRY_PORT:-5000}"
image="platform/jre:25"
extra_modules=""
cds=0
push=1
work=""
debian_suite=""
debian_mirror="http://deb.debian.org/debian"

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --registry) [[ $# -ge 2 ]] || usage_error "--registry needs a value"; registry="$2"; shift 2 ;;
    --registry=*) registry="${1#*=}"; shift ;;
    --image) [[ $# -ge 2 ]] || usage_error "--image needs a value"; image="$2"; shift 2 ;;
    --image=*) image="${1#*=}"; shift ;;
    --add-modules) [[ $# -ge 2 ]] || usage_error "--add-modules needs a value"; extra_modules="$2"; shift 2 ;;
    --add-modules=*) extra_modules="${1#*=}"; shift ;;
    --cds) cds=1; shift ;;
    --no-push) push=0; shift ;;
    --debian-suite) [[ $# -ge 2 ]] || usage_error "--debian-suite needs a value"; debian_suite="$2"; shift 2 ;;
    --debian-mirror) [[ $# -ge 2 ]] || usage_error "--debian-mirror needs a value"; debian_mirror="$2"; shift 2 ;;
    --work-dir) [[ $# -ge 2 ]] || usage_error "--work-dir needs a value"; work="$2"; shift 2 ;;
    --work-dir=*) work="${1#*=}"; shift ;;
    -*) usage_error "unknown option: $1" ;;
    *) usage_error "unexpected argument: $1" ;;
  esac
done

[[ "$registry" =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]] || usage_error "invalid --registry '$registry' (expected HOST:PORT)"
# NAME:TAG, the tag being what follows the last ':' after the last '/'.
if [[ "${image##*/}" == *:* ]]; then
  image_name="${image%:*}"
  image_tag="${image##*:}"
else
  image_name="$image"
  image_tag="latest"
fi
[[ "$image_name" =~ ^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$ ]] ||
  usage_error "invalid image name '$image_name' (lower case, e.g. platform/jre)"
[[ "$image_tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || usage_error "invalid tag '$image_tag'"
[[ -z "$extra_modules" || "$extra_modules" =~ ^[A-Za-z0-9_.,]+$ ]] || usage_error "invalid --add-modules '$extra_modules'"
[[ -z "$debian_suite" || "$debian_suite" =~ ^[a-z]+(-[a-z]+)?$ ]] ||
  usage_error "invalid --debian-suite '$debian_suite' (a Debian suite or codename, e.g. trixie or stable)"
[[ "$debian_mirror" =~ ^https?://[^[:space:]]+$ ]] || usage_error "invalid --debian-mirror '$debian_mirror' (http:// or https:// URL)"

start_time=$SECONDS
if [[ -z "$work" ]]; then
  work="$(repo_root)/target/offline-jre${debian_suite:+-$debian_suite}"
fi
work="$(realpath -m -- "$work")"

# --- tools -----------------------------------------------------------------
log "step 1/8: checking tools"
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  die "this script takes its libraries from Debian packages and needs apt-get and dpkg-deb (Debian/Ubuntu)"
fi
need_cmd jq jq
need_cmd tar tar
need_cmd gzip gzip
need_cmd sha256sum coreutils
need_cmd ldd libc-bin
# jlink --strip-debug runs objcopy, which a minimal Debian does not have.
need_cmd objcopy binutils
if [[ $push == 1 ]]; then
  need_cmd skopeo skopeo
  need_cmd curl curl
fi
deb_arch="$(dpkg --print-architecture)"
case "$deb_arch" in
  amd64 | arm64) oci_arch="$deb_arch" ;;
  *) die "unsupported architecture '$deb_arch' (amd64 and arm64 are supported)" ;;
esac

jdk="$(find_jdk25 --jlink)"
java_runtime_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$jdk/release")"
log "using JDK 25 at $jdk (${java_runtime_version:-unknown build})"

if [[ $push == 1 ]]; then
  log "checking that the registry http://$registry/v2/ answers"
  curl -fsS -o /dev/null --max-time 5 "http://$registry/v2/" ||
    die "registry $registry does not answer on http://$registry/v2/; start it with: scripts/local-registry.sh start (or pass --registry HOST:PORT, or --no-push)"
fi

mkdir -p "$work"
need_cmd flock util-linux
exec 8>"$work/.lock"
flock -n 8 || die "another build-offline-jre.sh is running in $work"
tmp="$work/tmp"
rm -rf "$tmp"
mkdir -p "$tmp"

# --- jlink -----------------------------------------------------------------
modules="$DEFAULT_MODULES"
jdk_modules="$("$jdk/bin/java" --list-modules 2>/dev/null)"
for m in $OPTIONAL_MODULES; do
  if grep -q "^$m@" <<<"$jdk_modules"; then
    modules="$modules,$m"
  fi
done
if [[ -n "$extra_modules" ]]; then
  modules="$modules,$extra_modules"
fi
jre="$tmp/jre"
jlink_opts=(--add-modules "$modules" --strip-debug --no-man-pages --no-header-files)
if [[ $cds == 1 ]]; then
  jlink_opts+=(--generate-cds-archive)
fi
log "step 2/8: jlink ${jlink_opts[*]}"
"$jdk/bin/jlink" "${jlink_opts[@]}" --output "$jre" >&2
"$jre/bin/java" -version 2>&1 | sed "s/^/$LOG_PREFIX:   /" >&2
[[ "$("$jre/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" == 25 ]] ||
  die "the jlink'ed runtime does not report Java 25"

# --- which Debian packages the runtime needs (ldd) --------------------------
log "step 3/8: finding the shared libraries the runtime links against (ldd)"
declare -A needed_pkgs=()
for p in $BASE_PACKAGES; do needed_pkgs[$p]=1; done

pkg_of() { # path -> Debian package owning it
  local f="$1" alt out
  for alt in "$f" "$(realpath -e "$f" 2>/dev/null || true)" "/usr$f" "${f#/usr}"; do
    [[ -n "$alt" ]] || continue
    if out="$(dpkg -S "$alt" 2>/dev/null)"; then
      out="${out%%: *}"
      printf '%s\n' "${out%%:*}"
      return 0
    fi
  done
  return 1
}

declare -A lib_users=() # library path outside the runtime -> first user
while IFS= read -r -d '' elf; do
  base="$(basename "$elf")"
  if [[ " $HEADLESS_SKIP_LIBS " == *" $base "* ]]; then
    continue
  fi
  # Only ELF files; ldd prints "not a dynamic executable" for the rest.
  [[ "$(head -c 4 "$elf" | od -An -c | tr -d ' ')" == '177ELF' ]] || continue
  # libjvm.so sits in lib/server and is found at run time because the
  # launcher has loaded it already; tell ldd where the runtime's libs are.
  ldd_out="$(LD_LIBRARY_PATH="$jre/lib:$jre/lib/server" ldd "$elf" 2>&1 || true)"
  if grep -q 'not found' <<<"$ldd_out"; then
    die "$elf needs a library that is not installed here: $(grep 'not found' <<<"$ldd_out" | tr -s ' \t' ' ')"
  fi
  while read -r lib; do
    [[ -n "$lib" ]] || continue
    case "$lib" in "$jre"/*) continue ;; esac
    [[ -n "${lib_users[$lib]:-}" ]] || lib_users[$lib]="${elf#"$jre"/}"
  done < <(sed -n -e 's/^.*=> \(\/[^ ]*\) (.*$/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (.*$/\1/p' <<<"$ldd_out")
done < <(find "$jre" -type f \( -name '*.so' -o -perm -u+x \) -print0 | sort -z)
for lib in "${!lib_users[@]}"; do
  pkg="$(pkg_of "$lib")" || die "cannot tell which Debian package provides $lib (needed by ${lib_users[$lib]})"
  if [[ -z "${needed_pkgs[$pkg]:-}" ]]; then
    log "  ${lib_users[$lib]} needs $lib -> package $pkg"
  fi
  needed_pkgs[$pkg]=1
done
mapfile -t lib_pkgs < <(printf '%s\n' "${!needed_pkgs[@]}" | sort)
log "  runtime packages: ${lib_pkgs[*]} (headless-only libs skipped: $HEADLESS_SKIP_LIBS)"

# --- download the packages --------------------------------------------------
debs="$work/debs"
mkdir -p "$debs"
# apt-get and apt-cache read this machine's sources, or with --debian-suite a private
# configuration of their own: its sources list, package lists and cache under $work/apt, no
# installed packages. The host's apt.conf.d (a proxy, say) still applies.
apt_opts=(-o "APT::Sandbox::User=$(id -un)")
if [[ -n "$debian_suite" ]]; then
  apt_root="$work/apt"
  mkdir -p "$apt_root/lists/partial" "$apt_root/cache/archives/partial" "$apt_root/sources.list.d" "$apt_root/preferences.d"
  : >"$apt_root/status"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$debian_mirror" "$debian_suite" \
    >"$apt_root/sources.list"
  apt_opts+=(-o "Dir::State=$apt_root" -o "Dir::State::Lists=$apt_root/lists" -o "Dir::State::status=$apt_root/status"
    -o "Dir::Cache=$apt_root/cache" -o "Dir::Etc::SourceList=$apt_root/sources.list"
    -o "Dir::Etc::SourceParts=$apt_root/sources.list.d" -o "Dir::Etc::PreferencesParts=$apt_root/preferences.d"
    -o "APT::Architecture=$deb_arch" -o "APT::Architectures=$deb_arch")
  [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] || need_cmd gpgv debian-archive-keyring
  log "step 4/8: reading the package index of Debian $debian_suite from $debian_mirror"
  apt-get "${apt_opts[@]}" -q update >&2 ||
    die "apt-get update for Debian $debian_suite from $debian_mirror failed (network to the mirror needed; a suite name such as trixie; the signing keys of debian-archive-keyring)"
fi
log "step 4/8: downloading Debian packages with apt-get download (cache: $work/debs)"
declare -A deb_file=() deb_version=() deb_sha=()
all_pkgs=("${lib_pkgs[@]}")
for p in $PARTIAL_PACKAGES; do all_pkgs+=("$p"); done
# One apt-cache call for all packages: "name version sha256" per package.
while read -r p v sum; do
  deb_version[$p]="$v"
  deb_sha[$p]="$sum"
done < <(apt-cache "${apt_opts[@]}" show --no-all-versions "${all_pkgs[@]}" 2>/dev/null |
  awk '/^Package: /{p=$2} /^Version: /{v=$2} /^SHA256: /{s=$2}
       /^$/{if (p != "") print p, v, s; p=v=s=""} END{if (p != "") print p, v, s}')
for pkg in "${all_pkgs[@]}"; do
  [[ -n "${deb_version[$pkg]:-}" ]] ||
    die "apt does not know the package '$pkg'$([[ -n "$debian_suite" ]] && echo " in Debian $debian_suite" || echo "; run: apt-get update")"
  version="${deb_version[$pkg]}"
  sha="${deb_sha[$pkg]}"
  found=""
  for f in "$debs/${pkg}"_*.deb; do
    [[ -f "$f" ]] || continue
    if [[ -n "$sha" && "$(sha256sum "$f" | cut -d' ' -f1)" == "$sha" ]]; then
      found="$f"
    else
      rm -f "$f" # another version
    fi
  done
  if [[ -z "$found" ]]; then
    log "  apt-get download $pkg ($version)"
    (cd "$debs" && apt-get "${apt_opts[@]}" download -q "$pkg" >&2) ||
      die "apt-get download $pkg failed (network to the Debian mirror needed once; the .debs are cached in $debs)"
    for f in "$debs/${pkg}"_*.deb; do found="$f"; done
    [[ -f "$found" ]] || die "apt-get download $pkg produced no file"
    if [[ -n "$sha" && "$(sha256sum "$found" | cut -d' ' -f1)" != "$sha" ]]; then
      die "checksum mismatch for $found"
    fi
  else
    log "  $pkg ($version): cached"
  fi
  deb_file[$pkg]="$found"
done

# --- the base root file system ---------------------------------------------
log "step 5/8: assembling the base root file system"
rootfs="$tmp/rootfs"
mkdir -p "$rootfs/var/lib/dpkg/status.d"
for pkg in "${lib_pkgs[@]}"; do
  log "  dpkg-deb -x $(basename "${deb_file[$pkg]}")"
  dpkg-deb -x "${deb_file[$pkg]}" "$rootfs"
done
# Keep the copyright files, drop other docs, man pages, translations and
# gconv modules (iconv only; the JVM does not use them).
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete 2>/dev/null || true
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/usr/share/lintian" \
  "$rootfs/usr/share/locale" "$rootfs"/usr/lib/*-linux-gnu/gconv

partial="$tmp/partial"
mkdir -p "$partial"
for pkg in $PARTIAL_PACKAGES; do
  dpkg-deb -x "${deb_file[$pkg]}" "$partial/$pkg"
done
# CA bundle as update-ca-certificates would write it (all Mozilla certs, in
# name order; sed adds a final newline where one is missing); Java itself
# uses its own lib/security/cacerts.
mkdir -p "$rootfs/etc/ssl/certs"
# shellcheck disable=SC1003,SC2016
find "$partial/ca-certificates/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z |
  xargs -0 -r sed -s -e '$a\' >"$rootfs/etc/ssl/certs/ca-certificates.crt"
[[ -s "$rootfs/etc/ssl/certs/ca-certificates.crt" ]] || die "no certificates found in the ca-certificates package"
mkdir -p "$rootfs/usr/share/doc/ca-certificates"
cp "$partial/ca-certificates/usr/share/doc/ca-certificates/copyright" "$rootfs/usr/share/doc/ca-certificates/"
# C.UTF-8 locale (LANG=C.UTF-8: file names and sun.jnu.encoding in UTF-8).
mkdir -p "$rootfs/usr/lib/locale"
cp -a "$partial/libc-bin/usr/lib/locale/C.utf8" "$rootfs/usr/lib/locale/"
# On a merged-/usr distribution the packages put everything under usr/, and base-files ships
# the top-level links (lib -> usr/lib, lib64 -> usr/lib64, ...): without them there is no
# /lib64/ld-linux-x86-64.so.2, the loader every binary names, and java cannot start. Where
# base-files ships no such link (Debian 12), this adds nothing.
while IFS= read -r -d '' link; do
  log "  merged /usr: /$(basename "$link") -> $(readlink "$link") (from base-files)"
  cp -P "$link" "$rootfs/"
done < <(find "$partial/base-files" -mindepth 1 -maxdepth 1 -type l -print0 | sort -z)
# os-release, so that scanners know the distribution.
mkdir -p "$rootfs/usr/lib" "$rootfs/etc"
cp "$partial/base-files/usr/lib/os-release" "$rootfs/usr/lib/os-release"
ln -sfn ../usr/lib/os-release "$rootfs/etc/os-release"
# Package records in the distroless way, for vulnerability scanners.
for pkg in "${all_pkgs[@]}"; do
  dpkg-deb -f "${deb_file[$pkg]}" >"$rootfs/var/lib/dpkg/status.d/$pkg"
done

cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
app:x:1000:1000:app:/home/app:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
app:x:1000:
nogroup:x:65534:
EOF
cat >"$rootfs/etc/nsswitch.conf" <<'EOF'
passwd:         files
group:          files
shadow:         files
hosts:          files dns
networks:       files
protocols:      files
services:       files
EOF
chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group" "$rootfs/etc/nsswitch.conf"
mkdir -p "$rootfs/tmp" "$rootfs/root" "$rootfs/home/app"
chmod 1777 "$rootfs/tmp"
chmod 0700 "$rootfs/root"
chmod 0755 "$rootfs/home" "$rootfs/home/app"

# The runtime, where eclipse-temurin images have it.
jrefs="$tmp/jrefs"
mkdir -p "$jrefs/$(dirname "$JAVA_DIR")"
mv "$jre" "$jrefs/$JAVA_DIR"

# --- reproducible layers ---------------------------------------------------
log "step 6/8: writing reproducible tar layers"
blobs="$tmp/oci/blobs/sha256"
mkdir -p "$blobs"
TAR_OPTS=(--format=posix --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime'
  --sort=name --mtime="@$EPOCH" --numeric-owner)

# make_layer DIR NAME [EXCLUDE...]: tar DIR's top-level entries (sorted) as
# root:root; the path home/app is appended afterwards owned by 1000:1000.
layer_diff_ids=()
layer_digests=()
layer_sizes=()
make_layer() {
  local dir="$1" name="$2" tarf="$tmp/$2.tar" entries diff digest size
  mapfile -t entries < <(find "$dir" -mindepth 1 -maxdepth 1 -printf '%P\n' | sort)
  tar --create --file="$tarf" "${TAR_OPTS[@]}" --owner=0 --group=0 \
    --anchored --exclude=home/app -C "$dir" -- "${entries[@]}"
  if [[ -d "$dir/home/app" ]]; then
    tar --append --file="$tarf" "${TAR_OPTS[@]}" --owner=1000 --group=1000 \
      -C "$dir" -- home/app
  fi
  diff="$(sha256sum "$tarf" | cut -d' ' -f1)"
  gzip -n -6 -c "$tarf" >"$tarf.gz"
  digest="$(sha256sum "$tarf.gz" | cut -d' ' -f1)"
  size="$(stat -c %s "$tarf.gz")"
  mv "$tarf.gz" "$blobs/$digest"
  log "  layer $name: sha256:$digest ($size bytes gz, $(stat -c %s "$tarf") bytes tar)"
  rm -f "$tarf"
  layer_diff_ids+=("sha256:$diff")
  layer_digests+=("sha256:$digest")
  layer_sizes+=("$size")
}
make_layer "$rootfs" base
make_layer "$jrefs" jre

# --- OCI image layout ---------------------------------------------------------
log "step 7/8: writing the OCI image layout"
oci_tmp="$tmp/oci"
pkg_versions="$(for p in "${all_pkgs[@]}"; do
  printf '%s=%s ' "$p" "$(dpkg-deb -f "${deb_file[$p]}" Version)"
done)"
config_json="$(jq -cn \
  --arg arch "$oci_arch" \
  --arg created "$CREATED" \
  --arg path "$IMAGE_PATH_ENV" \
  --arg javaver "${java_runtime_version:-25}" \
  --arg modules "$modules" \
  --arg jlink "${jlink_opts[*]}" \
  --arg pkgs "${pkg_versions% }" \
  --arg d0 "${layer_diff_ids[0]}" --arg d1 "${layer_diff_ids[1]}" \
  '{
    architecture: $arch,
    os: "linux",
    created: $created,
    config: {
      User: "1000:1000",
      Env: [$path, "JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8"],
      WorkingDir: "/",
      Labels: {
        "org.opencontainers.image.title": "platform offline JRE",
        "org.opencontainers.image.description": "jlink Java runtime with the Debian libraries it needs; built by scripts/build-offline-jre.sh",
        "org.opencontainers.image.version": $javaver,
        "platform.jre.modules": $modules,
        "platform.jre.debian-packages": $pkgs
      }
    },
    rootfs: {type: "layers", diff_ids: [$d0, $d1]},
    history: [
      {created: $created, created_by: ("build-offline-jre.sh: Debian packages " + $pkgs + ", /etc/passwd, /etc/group, /tmp")},
      {created: $created, created_by: ("build-offline-jre.sh: jlink " + $jlink + " -> /opt/java/openjdk")}
    ]
  }')"
printf '%s' "$config_json" >"$tmp/config.json"
config_digest="$(sha256sum "$tmp/config.json" | cut -d' ' -f1)"
config_size="$(stat -c %s "$tmp/config.json")"
mv "$tmp/config.json" "$blobs/$config_digest"

manifest_json="$(jq -cn \
  --arg cd "sha256:$config_digest" --argjson cs "$config_size" \
  --arg l0 "${layer_digests[0]}" --argjson s0 "${layer_sizes[0]}" \
  --arg l1 "${layer_digests[1]}" --argjson s1 "${layer_sizes[1]}" \
  '{
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
    layers: [
      {mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l0, size: $s0},
      {mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l1, size: $s1}
    ]
  }')"
printf '%s' "$manifest_json" >"$tmp/manifest.json"
manifest_digest="sha256:$(sha256sum "$tmp/manifest.json" | cut -d' ' -f1)"
manifest_size="$(stat -c %s "$tmp/manifest.json")"
mv "$tmp/manifest.json" "$blobs/${manifest_digest#sha256:}"

printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$oci_tmp/oci-layout"
jq -cn --arg d "$manifest_digest" --argjson s "$manifest_size" --arg tag "$image_tag" \
  '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json",
     digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": $tag}}]}' \
  >"$oci_tmp/index.json"

rm -rf "$work/oci"
mv "$oci_tmp" "$work/oci"
rm -rf "$tmp"
log "  OCI layout $work/oci:$image_tag, manifest $manifest_digest"
printf '%s\n' "$manifest_digest" >"$work/digest"

# --- push ---------------------------------------------------------------------
if [[ $push == 0 ]]; then
  log "step 8/8: --no-push given; not pushing (took $((SECONDS - start_time))s)"
  printf '%s\n' "$manifest_digest"
  exit 0
fi
ref="$registry/$image_name:$image_tag"
log "step 8/8: skopeo copy oci:$work/oci:$image_tag docker://$ref"
policy="$(skopeo_policy_file "$work")"
skopeo --policy "$policy" copy --quiet --preserve-digests --dest-tls-verify=false \
  "oci:$work/oci:$image_tag" "docker://$ref" >&2
pushed="$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$ref")"
[[ "$pushed" == "$manifest_digest" ]] ||
  die "the registry reports $pushed for $ref, expected $manifest_digest"
log "pushed $ref@$pushed (layers ${layer_sizes[0]} + ${layer_sizes[1]} bytes gz; took $((SECONDS - start_time))s)"
printf '%s\n' "$pushed"
