#!/usr/bin/env bats
# scripts/bump-tiles.sh over three services generated from the template, moved from the
# installed platform version (a -SNAPSHOT: workflow ref main) to a release-like second one
# (ref vTO) installed from a copy of this repository, whose Maven Wrapper file differs.

load test_helper

# The files a bump edits; a red build must give each back byte for byte.
EDITED=(pom.xml .github/workflows/ci.yml renovate.json .mvn/wrapper/maven-wrapper.properties)

setup_file() {
  export WORK="$BATS_FILE_TMPDIR"
  FROM="$(platform_version)"
  export FROM TO="${FROM%-SNAPSHOT}-bump"
  # git commits here and in bump-tiles.sh --commit use this identity, whatever the machine's
  # git configuration says (a fresh machine or runner has none).
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
  export GIT_AUTHOR_NAME=bump-test GIT_AUTHOR_EMAIL=bump-test@example.com
  export GIT_COMMITTER_NAME=bump-test GIT_COMMITTER_EMAIL=bump-test@example.com
  # The first platform version is this checkout's, which the test command installed just before.
  # The second platform version: this checkout, renumbered, its wrapper file marked.
  mkdir -p "$WORK/platform"
  (cd "$REPO_ROOT" && tar --exclude=./target --exclude='*/target' -cf - .) | tar -xf - -C "$WORK/platform"
  printf '# platform %s\n' "$TO" >>"$WORK/platform/.mvn/wrapper/maven-wrapper.properties"
  (cd "$WORK/platform" && ./mvnw -B -q \
    "org.codehaus.mojo:versions-maven-plugin:$(platform_property versions-maven-plugin.version):set" \
    -DnewVersion="$TO" -DgenerateBackupPoms=false -DprocessAllModules &&
    ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip)
  for name in alpha beta gamma; do
    (cd "$WORK" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
      -DarchetypeArtifactId=service-template -DarchetypeVersion="$FROM" \
      -DgroupId=com.example -DartifactId="$name" -Dpackage="com.example.$name")
    git -C "$WORK/$name" init -q
    git -C "$WORK/$name" add -A
    git -C "$WORK/$name" commit -q -m "Generated"
    mkdir -p "$WORK/$name.before"
    (cd "$WORK/$name" && cp -p --parents "${EDITED[@]}" "$WORK/$name.before/")
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

# unchanged NAME: every file a bump edits is as it was before the bump.
unchanged() {
  local file
  for file in "${EDITED[@]}"; do
    cmp "$WORK/$1/$file" "$WORK/$1.before/$file" || { echo "$1/$file changed"; return 1; }
  done
}

teardown() {
  umount "$WORK/readonly" 2>/dev/null || true
}

@test "a version that does not exist is refused before anything changes" {
  run "$SCRIPTS_DIR/bump-tiles.sh" 9.9.9-nowhere "$WORK/alpha" "$WORK/beta"
  [ "$status" -eq 1 ]
  [[ "$output" == *"platform version 9.9.9-nowhere does not exist"* ]]
  unchanged alpha
  unchanged beta
}

@test "a directory that is not a service from the template is refused before anything changes" {
  mkdir -p "$WORK/other"
  printf '<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>other</artifactId><version>1</version></project>\n' >"$WORK/other/pom.xml"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/other"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/other is not a service from the platform's template"* ]]
  unchanged alpha
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
  unchanged alpha
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
  [[ "$output" == *"alpha"*"| $FROM"*"| $TO"*"| dry run: would bump and verify (workflow ref main -> v$TO)"* ]]
  unchanged alpha
  unchanged beta
}

@test "--commit without a git identity is refused before anything changes" {
  mkdir -p "$BATS_TEST_TMPDIR/home"
  repository="$(platform_property settings.localRepository)"
  # A fresh machine: no git configuration at all. Maven and its repository stay where they are.
  run env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL -u GIT_CONFIG_GLOBAL \
    HOME="$BATS_TEST_TMPDIR/home" GIT_CONFIG_NOSYSTEM=1 MAVEN_USER_HOME="${MAVEN_USER_HOME:-$HOME/.m2}" \
    MAVEN_ARGS="${MAVEN_ARGS:-} -Dmaven.repo.local=$repository" \
    "$SCRIPTS_DIR/bump-tiles.sh" --commit "$TO" "$WORK/alpha"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"--commit: git has no identity to commit with in $WORK/alpha"* ]]
  [[ "$output" == *"GIT_AUTHOR_NAME"*"nothing was changed"* ]]
  unchanged alpha
  [ "$(git -C "$WORK/alpha" log -1 --format=%s)" = "Generated" ]
}

@test "a service whose ci.yml does not call the platform's workflow is refused before anything changes" {
  cp -a "$WORK/beta" "$WORK/delta"
  sed -i '/service\.yml@/d' "$WORK/delta/.github/workflows/ci.yml"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/delta"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/delta is not a service from the platform's template: its .github/workflows/ci.yml has no line 'uses: <org>/platform/.github/workflows/service.yml@<ref>'"* ]]
  unchanged alpha
}

@test "three services: two green and committed, the red one's pom.xml byte-identical to before" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --commit "$TO" "$WORK/alpha" "$WORK/beta" "$WORK/gamma"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"repo"*"| from"*"| to"*"| result"* ]]
  [[ "$output" =~ alpha\ +\|\ $FROM\ +\|\ $TO\ +\|\ green,\ committed ]]
  [[ "$output" =~ beta\ +\|\ $FROM\ +\|\ $TO\ +\|\ green,\ committed ]]
  [[ "$output" =~ gamma\ +\|\ $FROM\ +\|\ $TO\ +\|\ red:\ pom.xml\ restored ]]
  unchanged gamma
  grep -q "<platform.version>$TO</platform.version>" "$WORK/alpha/pom.xml"
  # Only the version line changed; the rest of the POM is as it was.
  [ "$(diff "$WORK/alpha.before/pom.xml" "$WORK/alpha/pom.xml" | grep -c '^[<>]')" -eq 2 ]
  # The workflow and preset refs moved with it, one line each; the wrapper is TO's.
  diff "$WORK/alpha.before/.github/workflows/ci.yml" "$WORK/alpha/.github/workflows/ci.yml" >"$BATS_TEST_TMPDIR/ci.diff" || true
  [ "$(grep -c '^[<>]' "$BATS_TEST_TMPDIR/ci.diff")" -eq 2 ]
  grep -qx "    uses: mnplatform/platform/.github/workflows/service.yml@v$TO" "$WORK/alpha/.github/workflows/ci.yml"
  grep -qF '"extends": ["github>mnplatform/platform//renovate/service.json#v'"$TO"'"]' "$WORK/alpha/renovate.json"
  cmp "$WORK/platform/.mvn/wrapper/maven-wrapper.properties" "$WORK/alpha/.mvn/wrapper/maven-wrapper.properties"
  [ "$(git -C "$WORK/beta" log -1 --format=%s)" = "Bump platform.version from $FROM to $TO" ]
  [ "$(git -C "$WORK/beta" log -1 --format=%an)" = "bump-test" ]
  [ "$(git -C "$WORK/beta" diff-tree --no-commit-id --name-only -r HEAD | sort | tr '\n' ' ')" = \
    ".github/workflows/ci.yml .mvn/wrapper/maven-wrapper.properties pom.xml renovate.json " ]
  [ -z "$(git -C "$WORK/beta" status --porcelain)" ]
  [ "$(git -C "$WORK/gamma" log -1 --format=%s)" = "Generated" ]
}

@test "--keep-failed leaves the new version in the red service" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --keep-failed "$TO" "$WORK/gamma"
  [ "$status" -eq 1 ]
  [[ "$output" == *"red: kept $TO (--keep-failed)"* ]]
  grep -q "<platform.version>$TO</platform.version>" "$WORK/gamma/pom.xml"
  grep -q "service.yml@v$TO\$" "$WORK/gamma/.github/workflows/ci.yml"
  (cd "$WORK/gamma.before" && cp -p --parents "${EDITED[@]}" "$WORK/gamma/")
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
  unchanged gamma
}
