#!/usr/bin/env bats
# scripts/bump-tiles.sh over three services generated from the template, moved from the
# installed platform version to a second one installed from a copy of this repository.

load test_helper

setup_file() {
  export WORK="$BATS_FILE_TMPDIR"
  FROM="$(platform_version)"
  export FROM TO="${FROM%-SNAPSHOT}-bump-SNAPSHOT"
  (cd "$REPO_ROOT" && ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip)
  # The second platform version: this checkout, renumbered.
  mkdir -p "$WORK/platform"
  (cd "$REPO_ROOT" && tar --exclude=./target --exclude='*/target' -cf - .) | tar -xf - -C "$WORK/platform"
  (cd "$WORK/platform" && ./mvnw -B -q \
    "org.codehaus.mojo:versions-maven-plugin:$(platform_property versions-maven-plugin.version):set" \
    -DnewVersion="$TO" -DgenerateBackupPoms=false -DprocessAllModules &&
    ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip)
  for name in alpha beta gamma; do
    (cd "$WORK" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
      -DarchetypeArtifactId=service-template -DarchetypeVersion="$FROM" \
      -DgroupId=com.example -DartifactId="$name" -Dpackage="com.example.$name")
    git -C "$WORK/$name" init -q
    git -C "$WORK/$name" -c user.name=t -c user.email=t@example.com add -A
    git -C "$WORK/$name" -c user.name=t -c user.email=t@example.com commit -q -m "Generated"
    cp -p "$WORK/$name/pom.xml" "$WORK/$name.pom.before"
  done
  # gamma is made to fail: a test that cannot pass.
  cat >"$WORK/gamma/src/test/java/com/example/gamma/BrokenTest.java" <<'JAVA'
package com.example.gamma;

class BrokenTest {
    @org.junit.jupiter.api.Test
    void fails() {
        org.junit.jupiter.api.Assertions.fail("made to fail");
    }
}
JAVA
}

teardown() {
  umount "$WORK/readonly" 2>/dev/null || true
}

@test "a version that does not exist is refused before anything changes" {
  run "$SCRIPTS_DIR/bump-tiles.sh" 9.9.9-nowhere "$WORK/alpha" "$WORK/beta"
  [ "$status" -eq 1 ]
  [[ "$output" == *"platform version 9.9.9-nowhere does not exist"* ]]
  cmp "$WORK/alpha/pom.xml" "$WORK/alpha.pom.before"
  cmp "$WORK/beta/pom.xml" "$WORK/beta.pom.before"
}

@test "a directory that is not a service from the template is refused before anything changes" {
  mkdir -p "$WORK/other"
  printf '<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>other</artifactId><version>1</version></project>\n' >"$WORK/other/pom.xml"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/other"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/other is not a service from the platform's template"* ]]
  cmp "$WORK/alpha/pom.xml" "$WORK/alpha.pom.before"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/no-such-dir"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/no-such-dir is not a directory"* ]]
}

@test "a read-only service directory is refused before anything changes" {
  mkdir -p "$WORK/readonly"
  mount --bind "$WORK/beta" "$WORK/readonly"
  mount -o remount,bind,ro "$WORK/readonly"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/readonly"
  [ "$status" -eq 1 ]
  [[ "$output" == *"cannot write $WORK/readonly/pom.xml (read-only)"* ]]
  cmp "$WORK/alpha/pom.xml" "$WORK/alpha.pom.before"
}

@test "missing arguments are usage errors" {
  run "$SCRIPTS_DIR/bump-tiles.sh"
  [ "$status" -eq 2 ]
  [[ "$output" == *"missing NEW_VERSION and SERVICE_DIR"* ]]
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO"
  [ "$status" -eq 2 ]
  [[ "$output" == *"name at least one service directory"* ]]
}

@test "--dry-run prints the table and changes nothing" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --dry-run "$TO" "$WORK/alpha" "$WORK/beta"
  [ "$status" -eq 0 ]
  [[ "$output" == *"alpha"*"| $FROM"*"| $TO"*"| dry run: would bump and verify"* ]]
  cmp "$WORK/alpha/pom.xml" "$WORK/alpha.pom.before"
  cmp "$WORK/beta/pom.xml" "$WORK/beta.pom.before"
}

@test "three services: two green and committed, the red one's pom.xml byte-identical to before" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --commit "$TO" "$WORK/alpha" "$WORK/beta" "$WORK/gamma"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"repo"*"| from"*"| to"*"| result"* ]]
  [[ "$output" =~ alpha\ +\|\ $FROM\ +\|\ $TO\ +\|\ green,\ committed ]]
  [[ "$output" =~ beta\ +\|\ $FROM\ +\|\ $TO\ +\|\ green,\ committed ]]
  [[ "$output" =~ gamma\ +\|\ $FROM\ +\|\ $TO\ +\|\ red:\ pom.xml\ restored ]]
  cmp "$WORK/gamma/pom.xml" "$WORK/gamma.pom.before"
  grep -q "<platform.version>$TO</platform.version>" "$WORK/alpha/pom.xml"
  # Only the version line changed; the rest of the POM is as it was.
  [ "$(diff "$WORK/alpha.pom.before" "$WORK/alpha/pom.xml" | grep -c '^[<>]')" -eq 2 ]
  [ "$(git -C "$WORK/beta" log -1 --format=%s)" = "Bump platform.version from $FROM to $TO" ]
  [ -z "$(git -C "$WORK/beta" status --porcelain -- pom.xml)" ]
  [ "$(git -C "$WORK/gamma" log -1 --format=%s)" = "Generated" ]
}

@test "--keep-failed leaves the new version in the red service" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --keep-failed "$TO" "$WORK/gamma"
  [ "$status" -eq 1 ]
  [[ "$output" == *"red: kept $TO (--keep-failed)"* ]]
  grep -q "<platform.version>$TO</platform.version>" "$WORK/gamma/pom.xml"
  cp -p "$WORK/gamma.pom.before" "$WORK/gamma/pom.xml"
}

@test "a run interrupted with Ctrl-C restores the pom.xml of the service being built" {
  # Like a terminal's Ctrl-C: SIGINT to the whole process group (Maven included). A background
  # job starts with SIGINT ignored, so the wrapper puts the default handling back first.
  setsid python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/gamma" >"$WORK/interrupted.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    grep -q 'gamma: ./mvnw -B verify' "$WORK/interrupted.log" && break
    sleep 0.5
  done
  sleep 2
  kill -INT -- "-$pid"
  status=0
  wait "$pid" || status=$?
  cat "$WORK/interrupted.log"
  [ "$status" -eq 130 ]
  grep -q 'interrupted, pom.xml restored' "$WORK/interrupted.log"
  cmp "$WORK/gamma/pom.xml" "$WORK/gamma.pom.before"
}
