#!/usr/bin/env bats
# Command-line behaviour of every script (fast, no side effects), the gate
# that runs shellcheck, and the JDK 25 search in scripts/lib/common.sh.

load test_helper
bats_require_minimum_version 1.5.0

# Every script in scripts/: a new one is covered without being listed.
mapfile -t SCRIPTS < <(cd "$SCRIPTS_DIR" && ls -- *.sh)

@test "--help of each script exits 0 and prints usage with examples" {
  for s in "${SCRIPTS[@]}"; do
    run "$SCRIPTS_DIR/$s" --help
    [ "$status" -eq 0 ] || { echo "$s --help exited $status: $output"; false; }
    [[ "$output" == *"Usage:"* ]] || { echo "$s: no Usage: $output"; false; }
    [[ "$output" == *"Examples:"* ]] || { echo "$s: no Examples: $output"; false; }
    [[ "$output" == *"scripts/$s"* ]] || { echo "$s: usage does not name itself"; false; }
  done
}

@test "-h is the same as --help" {
  for s in "${SCRIPTS[@]}"; do
    run "$SCRIPTS_DIR/$s" -h
    [ "$status" -eq 0 ]
    [[ "$output" == *"Usage:"* ]]
  done
}

@test "an unknown option exits 2 and names the option" {
  for s in "${SCRIPTS[@]}"; do
    run "$SCRIPTS_DIR/$s" --no-such-option
    [ "$status" -eq 2 ] || { echo "$s exited $status: $output"; false; }
    [[ "$output" == *"unknown option: --no-such-option"* ]] || { echo "$s: $output"; false; }
    [[ "$output" == *"--help"* ]]
  done
}

@test "local-registry.sh: missing or unknown command, bad port are usage errors" {
  run "$SCRIPTS_DIR/local-registry.sh"
  [ "$status" -eq 2 ]
  [[ "$output" == *"missing command"* ]]
  run "$SCRIPTS_DIR/local-registry.sh" restart
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown command: restart"* ]]
  run "$SCRIPTS_DIR/local-registry.sh" start --port 70000
  [ "$status" -eq 2 ]
  [[ "$output" == *"invalid port '70000'"* ]]
  run "$SCRIPTS_DIR/local-registry.sh" start --port
  [ "$status" -eq 2 ]
  [[ "$output" == *"--port needs a value"* ]]
  run "$SCRIPTS_DIR/local-registry.sh" start --htpasswd "$BATS_TEST_TMPDIR/no-such-file"
  [ "$status" -eq 2 ]
  [[ "$output" == *"--htpasswd $BATS_TEST_TMPDIR/no-such-file: no readable file there"* ]]
}

@test "run-image.sh: usage errors are caught before anything runs" {
  run "$SCRIPTS_DIR/run-image.sh" start 127.0.0.1:1/x:1
  [ "$status" -eq 2 ]
  [[ "$output" == *"--name NAME is needed"* ]]
  run "$SCRIPTS_DIR/run-image.sh" start --name x
  [ "$status" -eq 2 ]
  [[ "$output" == *"start needs an IMAGE-REF"* ]]
  run "$SCRIPTS_DIR/run-image.sh" start 127.0.0.1:1/x:1 --name 'a/b'
  [ "$status" -eq 2 ]
  [[ "$output" == *"--name 'a/b': use letters"* ]]
  run "$SCRIPTS_DIR/run-image.sh" start 127.0.0.1:1/x:1 --name x --env NOEQUALS
  [ "$status" -eq 2 ]
  [[ "$output" == *"--env needs KEY=VALUE"* ]]
  run "$SCRIPTS_DIR/run-image.sh" start 127.0.0.1:1/x:1 --name x --user app
  [ "$status" -eq 2 ]
  [[ "$output" == *"--user needs a numeric UID[:GID]"* ]]
  run "$SCRIPTS_DIR/run-image.sh" stop --name x --env A=b
  [ "$status" -eq 2 ]
  run "$SCRIPTS_DIR/run-image.sh" frobnicate --name x
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown command 'frobnicate'"* ]]
}

@test "build-offline-jre.sh: bad --registry, --image, --debian-suite and --debian-mirror are usage errors" {
  run "$SCRIPTS_DIR/build-offline-jre.sh" --registry 'http://x'
  [ "$status" -eq 2 ]
  [[ "$output" == *"invalid --registry"* ]]
  run "$SCRIPTS_DIR/build-offline-jre.sh" --image 'Platform/JRE:25'
  [ "$status" -eq 2 ]
  [[ "$output" == *"invalid image name"* ]]
  run "$SCRIPTS_DIR/build-offline-jre.sh" --debian-suite 'Trixie!'
  [ "$status" -eq 2 ]
  [[ "$output" == *"invalid --debian-suite 'Trixie!'"* ]]
  run "$SCRIPTS_DIR/build-offline-jre.sh" --debian-suite trixie --debian-mirror ftp://deb.debian.org/debian
  [ "$status" -eq 2 ]
  [[ "$output" == *"invalid --debian-mirror"* ]]
  run "$SCRIPTS_DIR/build-offline-jre.sh" extra-arg
  [ "$status" -eq 2 ]
}

@test "build-offline-jre.sh: an unreachable registry fails with a hint, before any work" {
  need_tools curl
  port="$(free_port)"
  run "$SCRIPTS_DIR/build-offline-jre.sh" --registry "127.0.0.1:$port" --work-dir "$BATS_TEST_TMPDIR/w"
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not answer"* ]]
  [[ "$output" == *"local-registry.sh start"* ]]
  [ ! -e "$BATS_TEST_TMPDIR/w/oci" ]
}

@test "fleet.sh: an option without its value is a usage error, before any build" {
  for option in --registry --org --html --with --repositories --min-share; do
    run "$SCRIPTS_DIR/fleet.sh" "$option"
    [ "$status" -eq 2 ] || { echo "$option: $status $output"; false; }
    [[ "$output" == *"$option needs a value"* ]]
    [[ "$output" != *"building"* ]]
  done
}

@test "all scripts pass plain shellcheck, run from the repository root as an editor would" {
  need_tools shellcheck
  cd "$REPO_ROOT"
  run shellcheck scripts/*.sh scripts/lib/common.sh scripts/test/test_helper.bash
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

# --- find_jdk25 -------------------------------------------------------------

fake_jdk() { # DIR VERSION [with-jlink]
  mkdir -p "$1/bin"
  printf 'JAVA_VERSION="%s"\nIMPLEMENTOR="test"\n' "$2" >"$1/release"
  printf '#!/bin/sh\nexit 0\n' >"$1/bin/java"
  chmod +x "$1/bin/java"
  if [[ "${3:-}" == with-jlink ]]; then
    cp "$1/bin/java" "$1/bin/jlink"
  fi
}

find25() { # runs find_jdk25 ARGS in a clean environment
  env -u JAVA_HOME -u JAVA25_HOME "$@"
}

@test "find_jdk25: JAVA25_HOME wins; a wrong JAVA25_HOME is an error, not skipped" {
  fake_jdk "$BATS_TEST_TMPDIR/j25" 25.0.1 with-jlink
  fake_jdk "$BATS_TEST_TMPDIR/j17" 17.0.9 with-jlink
  run find25 JAVA25_HOME="$BATS_TEST_TMPDIR/j25" PLATFORM_JDK_SEARCH_DIRS=/nonexistent \
    bash -c '. "$0/lib/common.sh"; find_jdk25 --jlink' "$SCRIPTS_DIR"
  [ "$status" -eq 0 ]
  [ "$output" = "$BATS_TEST_TMPDIR/j25" ]
  run find25 JAVA25_HOME="$BATS_TEST_TMPDIR/j17" PLATFORM_JDK_SEARCH_DIRS="$BATS_TEST_TMPDIR" \
    bash -c '. "$0/lib/common.sh"; find_jdk25' "$SCRIPTS_DIR"
  [ "$status" -ne 0 ]
  [[ "$output" == *"JAVA25_HOME=$BATS_TEST_TMPDIR/j17 is not a JDK 25"* ]]
}

@test "find_jdk25: JAVA_HOME is used only when it is 25" {
  fake_jdk "$BATS_TEST_TMPDIR/home25" 25 with-jlink
  fake_jdk "$BATS_TEST_TMPDIR/home17" 17.0.2 with-jlink
  run find25 JAVA_HOME="$BATS_TEST_TMPDIR/home25" PLATFORM_JDK_SEARCH_DIRS=/nonexistent \
    bash -c '. "$0/lib/common.sh"; find_jdk25' "$SCRIPTS_DIR"
  [ "$status" -eq 0 ]
  [ "$output" = "$BATS_TEST_TMPDIR/home25" ]
  run find25 JAVA_HOME="$BATS_TEST_TMPDIR/home17" PLATFORM_JDK_SEARCH_DIRS=/nonexistent \
    bash -c '. "$0/lib/common.sh"; find_jdk25' "$SCRIPTS_DIR"
  [ "$status" -ne 0 ]
}

@test "find_jdk25: searches the JDK directories; --jlink refuses a JRE; clear error when none" {
  mkdir -p "$BATS_TEST_TMPDIR/jvm"
  fake_jdk "$BATS_TEST_TMPDIR/jvm/a-jdk-17" 17.0.9 with-jlink
  fake_jdk "$BATS_TEST_TMPDIR/jvm/b-jre-25" 25.0.1
  fake_jdk "$BATS_TEST_TMPDIR/jvm/c-jdk-25" 25.0.1 with-jlink
  run find25 PLATFORM_JDK_SEARCH_DIRS="/nonexistent:$BATS_TEST_TMPDIR/jvm" \
    bash -c '. "$0/lib/common.sh"; find_jdk25' "$SCRIPTS_DIR"
  [ "$status" -eq 0 ]
  [ "$output" = "$BATS_TEST_TMPDIR/jvm/b-jre-25" ]
  run find25 PLATFORM_JDK_SEARCH_DIRS="$BATS_TEST_TMPDIR/jvm" \
    bash -c '. "$0/lib/common.sh"; find_jdk25 --jlink' "$SCRIPTS_DIR"
  [ "$status" -eq 0 ]
  [ "$output" = "$BATS_TEST_TMPDIR/jvm/c-jdk-25" ]
  rm -rf "$BATS_TEST_TMPDIR/jvm/c-jdk-25"
  run find25 PLATFORM_JDK_SEARCH_DIRS="$BATS_TEST_TMPDIR/jvm" \
    bash -c '. "$0/lib/common.sh"; find_jdk25 --jlink' "$SCRIPTS_DIR"
  [ "$status" -ne 0 ]
  [[ "$output" == *"no JDK 25 with jlink found"* ]]
  [[ "$output" == *"JAVA25_HOME"* ]]
}

@test "java_major_of reads the release file (25.0.3, 25, 1.8.0_402)" {
  mkdir -p "$BATS_TEST_TMPDIR/r"
  for v in 25.0.3:25 25:25 1.8.0_402:8 21.0.2+13:21; do
    printf 'JAVA_VERSION="%s"\n' "${v%%:*}" >"$BATS_TEST_TMPDIR/r/release"
    run bash -c '. "$0/lib/common.sh"; java_major_of "$1"' "$SCRIPTS_DIR" "$BATS_TEST_TMPDIR/r"
    [ "$output" = "${v##*:}" ] || { echo "for ${v%%:*}: got '$output'"; false; }
  done
}

@test "build-base.sh and pull-base.sh: a local registry that is down is named, with how to start it" {
  port="$(free_port)"
  run "$SCRIPTS_DIR/build-base.sh" --registry "127.0.0.1:$port" --skip-install
  [ "$status" -eq 1 ]
  [[ "$output" == *"no registry answers at http://127.0.0.1:$port/v2/: start it with scripts/local-registry.sh start"* ]]
  run "$SCRIPTS_DIR/pull-base.sh" --registry "127.0.0.1:$port" --central "127.0.0.1:$port/x"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no local registry answers at http://127.0.0.1:$port/v2/"* ]]
}

@test "pull-base.sh and bump-tiles.sh: malformed arguments are usage errors" {
  run "$SCRIPTS_DIR/pull-base.sh" 1.0 2.0
  [ "$status" -eq 2 ]
  [[ "$output" == *"one version only"* ]]
  run "$SCRIPTS_DIR/pull-base.sh" --central ghcr.io
  [ "$status" -eq 2 ]
  [[ "$output" == *"--central must be REGISTRY/ORG"* ]]
  run "$SCRIPTS_DIR/pull-base.sh" --central http://127.0.0.1:5001/acme
  [ "$status" -eq 2 ]
  [[ "$output" == *"--central 'http://127.0.0.1:5001/acme': give REGISTRY/ORG without a scheme"* ]]
  run "$SCRIPTS_DIR/bump-tiles.sh" 'bad version' /tmp
  [ "$status" -eq 2 ]
  [[ "$output" == *"'bad version' is not a version"* ]]
}
