#!/usr/bin/env bats
# scripts/bump-tiles.sh over services generated from the template, moved from the installed
# platform version (a -SNAPSHOT: workflow ref main) to a release-like second one (ref vTO) made
# from a copy of this repository, which changes two managed files (.gitignore, logback.xml) and
# the wrapper, renames the Jib tile's platform.image.port to platform.image.http-port (now
# required: a service that still says platform.image.port is red) and ships a recipe for it.

load test_helper

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
  mkdir -p "$WORK/platform"
  (cd "$REPO_ROOT" && tar --exclude=./target --exclude='*/target' -cf - .) | tar -xf - -C "$WORK/platform"
  make_release "$WORK/platform"
  (cd "$WORK/platform" && ./mvnw -B -q \
    "org.codehaus.mojo:versions-maven-plugin:$(platform_property versions-maven-plugin.version):set" \
    -DnewVersion="$TO" -DgenerateBackupPoms=false -DprocessAllModules &&
    ./mvnw -B -q install -DskipTests -Dinvoker.skip -Darchetype.test.skip -Dcheckstyle.skip \
      -pl '!tools/platform-cli,!tiles/tiles-it')
  for name in alpha beta gamma delta; do
    (cd "$WORK" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
      -DarchetypeArtifactId=service-template -DarchetypeVersion="$FROM" \
      -DgroupId=com.example -DartifactId="$name" -Dpackage="com.example.$name")
    git -C "$WORK/$name" init -q
  done
  # Edits as teams make them. alpha: its own ignore line, above the template's; its README.
  sed -i '1i .env' "$WORK/alpha/.gitignore"
  printf '\n## Orders\n\nAlpha takes the orders.\n' >>"$WORK/alpha/README.md"
  # beta: the log pattern, the very line the new template changes.
  sed -i 's/%-5level %logger{36}/%-5level [beta] %logger{36}/' "$WORK/beta/src/main/resources/logback.xml"
  # gamma: nothing of its own; only the recipe keeps it green. delta: a test that cannot pass.
  cat >"$WORK/delta/src/test/java/com/example/delta/BrokenTest.java" <<'JAVA'
package com.example.delta;

class BrokenTest {
    @org.junit.jupiter.api.Test
    void fails() {
        org.junit.jupiter.api.Assertions.fail("made to fail");
    }
}
JAVA
  for name in alpha beta gamma delta; do
    git -C "$WORK/$name" add -A
    git -C "$WORK/$name" commit -q -m "Generated"
  done
}

# make_release DIR: the second platform version's changes, in the copy DIR.
make_release() {
  local template="$1/service-template/src/main/resources/archetype-resources"
  printf '# platform %s\n' "$TO" >>"$1/.mvn/wrapper/maven-wrapper.properties"
  printf '*.hprof\n' >>"$template/.gitignore"
  sed -i 's/%-5level %logger{36}/%-5level %logger{40}/' "$template/src/main/resources/logback.xml"
  sed -i 's/platform\.image\.port>/platform.image.http-port>/g' "$template/pom.xml"
  # shellcheck disable=SC2016 # the literal ${platform.image.port} of the tile
  sed -i -e '/<platform\.image\.port>8080</d' -e 's/\${platform\.image\.port}/${platform.image.http-port}/g' \
    -e "s|^    <plugins>\$|    <plugins>\\
      <plugin>\\
        <groupId>org.apache.maven.plugins</groupId>\\
        <artifactId>maven-enforcer-plugin</artifactId>\\
        <version>$(platform_property maven-enforcer-plugin.version)</version>\\
        <executions>\\
          <execution>\\
            <id>platform-properties</id>\\
            <goals><goal>enforce</goal></goals>\\
            <configuration>\\
              <rules>\\
                <requireProperty>\\
                  <property>platform.image.http-port</property>\\
                  <message>platform.image.port is platform.image.http-port since $TO</message>\\
                </requireProperty>\\
              </rules>\\
            </configuration>\\
          </execution>\\
        </executions>\\
      </plugin>|" "$1/tiles/jib-tile/tile.xml"
  mkdir -p "$1/platform-recipes/src/main/resources/META-INF/rewrite"
  cat >"$1/platform-recipes/src/main/resources/META-INF/rewrite/platform-$TO.yml" <<YAML
---
type: specs.openrewrite.org/v1beta/recipe
name: io.github.mnplatform.UpdateTo_${TO//[.-]/_}
displayName: Move a service to platform $TO
recipeList:
  - org.openrewrite.maven.RenamePropertyKey:
      oldKey: platform.image.port
      newKey: platform.image.http-port
YAML
}

# unchanged NAME: the service is exactly as committed: no file changed, added or removed.
unchanged() {
  [ -z "$(git -C "$WORK/$1" status --porcelain)" ] || { git -C "$WORK/$1" status --porcelain; return 1; }
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
  run "$SCRIPTS_DIR/bump-tiles.sh" --dry-run "$TO" "$WORK/beta"
  echo "$output"
  [ "$status" -eq 0 ]
  # ci.yml, .gitignore, the wrapper, logback.xml (in conflict), renovate.json.
  [[ "$output" =~ beta\ +\|\ $FROM\ +\|\ $TO\ +\|\ dry\ run:\ would\ change\ 5\ managed\ files\ and\ verify ]]
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

@test "a service without provenance, with uncommitted changes, or inside another repository is refused before anything changes" {
  cp -a "$WORK/gamma" "$WORK/epsilon"
  git -C "$WORK/epsilon" rm -q .platform-template.properties
  git -C "$WORK/epsilon" commit -q -m "No provenance"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/epsilon"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/epsilon has no .platform-template.properties"*"docs/reference/archetype.md#provenance"* ]]
  unchanged alpha
  echo "work in progress" >>"$WORK/gamma/README.md"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/gamma"
  git -C "$WORK/gamma" checkout -q README.md
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/gamma is not a clean git working tree"* ]]
  unchanged alpha
  # One repository holding several services: a failed move could not be given back alone.
  mkdir -p "$WORK/monorepo"
  cp -a "$WORK/gamma" "$WORK/monorepo/gamma"
  rm -rf "$WORK/monorepo/gamma/.git"
  git -C "$WORK/monorepo" init -q
  git -C "$WORK/monorepo" add -A
  git -C "$WORK/monorepo" commit -q -m "Services"
  run "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" "$WORK/monorepo/gamma"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WORK/monorepo/gamma is not the top of a git repository of its own"* ]]
  unchanged alpha
}

@test "the old bump, platform.version alone, leaves a service red: the release renamed a property it sets" {
  cp -a "$WORK/gamma" "$WORK/gamma-version-only"
  cd "$WORK/gamma-version-only"
  ./mvnw -B -q "org.codehaus.mojo:versions-maven-plugin:$(platform_property versions-maven-plugin.version):set-property" \
    -Dproperty=platform.version -DnewVersion="$TO" -DgenerateBackupPoms=false
  run ./mvnw -B verify
  [ "$status" -ne 0 ]
  [[ "$output" == *"platform.image.port is platform.image.http-port since $TO"* ]]
}

@test "a run interrupted with Ctrl-C gives the service being built back as it was committed" {
  # Like a terminal's Ctrl-C: SIGINT to the whole process group (Maven included). A background
  # job starts with SIGINT ignored, so the wrapper puts the default handling back first.
  setsid python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    "$SCRIPTS_DIR/bump-tiles.sh" "$TO" "$WORK/alpha" >"$WORK/interrupted.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    grep -q 'alpha: ./mvnw -B verify' "$WORK/interrupted.log" && break
    sleep 0.5
  done
  sleep 2
  kill -INT -- "-$pid"
  status=0
  wait "$pid" || status=$?
  cat "$WORK/interrupted.log"
  [ "$status" -eq 130 ]
  grep -q 'interrupted, restored' "$WORK/interrupted.log"
  unchanged alpha
}

@test "renovate/self-hosted.json: its post-upgrade commands, allowed by its own patterns, finish Renovate's branch" {
  config="$REPO_ROOT/renovate/self-hosted.json"
  node="$("$SCRIPTS_DIR/validate-renovate.sh" --print-bin)/node"
  # allowed COMMAND: Renovate runs a command only if a pattern of allowedCommands matches it
  # (Renovate 39 matches the command before it fills in the template, with RE2 where it has it,
  # else JavaScript's RegExp: these patterns mean the same in both).
  allowed() {
    "$node" -e 'process.exit(JSON.parse(process.argv[2]).some(p => new RegExp(p).test(process.argv[1])) ? 0 : 1)' \
      "$1" "$(jq -c .allowedCommands "$config")"
  }
  cp -a "$WORK/gamma" "$WORK/gamma-renovate"
  cd "$WORK/gamma-renovate"
  # Renovate's own edit on its branch (the preset's regex manager), before the commands run.
  sed -i "s|<platform.version>$FROM</platform.version>|<platform.version>$TO</platform.version>|" pom.xml
  # The commands as Renovate compiles them: {{{newVersion}}} is the one template field they use.
  mapfile -t commands < <(jq -r '.packageRules[].postUpgradeTasks.commands[]' "$config")
  [ "${#commands[@]}" -eq 2 ]
  for command in "${commands[@]}"; do
    allowed "$command"
    allowed "${command//'{{{newVersion}}}'/$TO}"
    bash -c "${command//'{{{newVersion}}}'/$TO}"
  done
  grep -q "<platform.version>$TO</platform.version>" pom.xml
  grep -q '<platform.image.http-port>8080</platform.image.http-port>' pom.xml
  grep -q '%-5level %logger{40}' src/main/resources/logback.xml
  grep -qx "    uses: mnplatform/platform/.github/workflows/service.yml@v$TO" .github/workflows/ci.yml
  grep -qx "template.version=$TO" .platform-template.properties
  # What Renovate then commits: every file git status shows (the five merged, pom.xml, provenance).
  [ "$(git status --porcelain | wc -l)" -eq 7 ]
  # A command the patterns do not allow is refused.
  run allowed "./mvnw -B -q io.github.mnplatform:platform-maven-plugin:$TO:update; curl evil.example"
  [ "$status" -eq 1 ]
}

@test "four services: merged and green, a conflict restored, green by the recipe, red restored" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --commit "$TO" "$WORK/alpha" "$WORK/beta" "$WORK/gamma" "$WORK/delta"
  echo "$output"
  # The table and the count in the test's log, passed or not: the time per service is measured here.
  sed -n '/^repo /,$p' <<<"$output" | sed 's/^/# /' >&3
  [ "$status" -eq 1 ]
  [[ "$output" == *"repo"*"| from"*"| to"*"| result"*"| time"* ]]
  [[ "$output" =~ alpha\ +\|\ $FROM\ +\|\ $TO\ +\|\ green:\ merged\ 5\ files,\ recipe\ changed\ 1\ files,\ committed\ +\|\ [0-9]+\ s ]]
  [[ "$output" =~ beta\ +\|\ $FROM\ +\|\ $TO\ +\|\ conflict\ \(src/main/resources/logback.xml\),\ restored ]]
  [[ "$output" =~ gamma\ +\|\ $FROM\ +\|\ $TO\ +\|\ green:\ merged\ 5\ files,\ recipe\ changed\ 1\ files,\ committed ]]
  [[ "$output" =~ delta\ +\|\ $FROM\ +\|\ $TO\ +\|\ red,\ restored ]]
  [[ "$output" == *"2 of 4 moved services are green with no hand edit"* ]]

  # alpha: the template's two changes merged with its own edits; the recipe renamed the property.
  [ "$(head -1 "$WORK/alpha/.gitignore")" = ".env" ]
  [ "$(tail -1 "$WORK/alpha/.gitignore")" = "*.hprof" ]
  grep -q '%-5level %logger{40}' "$WORK/alpha/src/main/resources/logback.xml"
  [ "$(tail -1 "$WORK/alpha/README.md")" = "Alpha takes the orders." ]
  grep -q "<platform.version>$TO</platform.version>" "$WORK/alpha/pom.xml"
  grep -q '<platform.image.http-port>8080</platform.image.http-port>' "$WORK/alpha/pom.xml"
  [ "$(grep -c 'platform.image.port' "$WORK/alpha/pom.xml")" -eq 0 ]
  grep -qx "    uses: mnplatform/platform/.github/workflows/service.yml@v$TO" "$WORK/alpha/.github/workflows/ci.yml"
  grep -qF '"extends": ["github>mnplatform/platform//renovate/service.json#v'"$TO"'"]' "$WORK/alpha/renovate.json"
  cmp "$WORK/platform/.mvn/wrapper/maven-wrapper.properties" "$WORK/alpha/.mvn/wrapper/maven-wrapper.properties"
  grep -qx "template.version=$TO" "$WORK/alpha/.platform-template.properties"
  [ "$(git -C "$WORK/alpha" log -1 --format=%s)" = "Bump platform.version from $FROM to $TO" ]
  [ "$(git -C "$WORK/alpha" log -1 --format=%an)" = "bump-test" ]
  unchanged alpha
  # gamma: green only because the recipe renamed the property (the test above: red without it).
  grep -q '<platform.image.http-port>8080</platform.image.http-port>' "$WORK/gamma/pom.xml"
  unchanged gamma
  # beta and delta: as committed, byte for byte; the conflict was reported by file.
  unchanged beta
  grep -q '%-5level \[beta\] %logger{36}' "$WORK/beta/src/main/resources/logback.xml"
  [ "$(git -C "$WORK/beta" log -1 --format=%s)" = "Generated" ]
  unchanged delta
  [ "$(git -C "$WORK/delta" log -1 --format=%s)" = "Generated" ]
}

@test "--keep-failed leaves the conflict markers in the service, with both sides' lines" {
  run "$SCRIPTS_DIR/bump-tiles.sh" --keep-failed "$TO" "$WORK/beta"
  [ "$status" -eq 1 ]
  [[ "$output" == *"conflict (src/main/resources/logback.xml): kept $TO (--keep-failed)"* ]]
  logback="$WORK/beta/src/main/resources/logback.xml"
  grep -q '^<<<<<<< ' "$logback"
  grep -q '%-5level \[beta\] %logger{36}' "$logback"
  grep -q '%-5level %logger{40}' "$logback"
  grep -q "<platform.version>$TO</platform.version>" "$WORK/beta/pom.xml"
  git -C "$WORK/beta" reset -q --hard
  git -C "$WORK/beta" clean -q -fd
}
