#!/usr/bin/env bats
# A service generated from the installed template, as a new user gets it: its CI is a short
# call of the platform's workflow at the platform version's ref, and its tests run beside
# the service itself (they take free ports; the service's own port is for running it).

load test_helper

setup_file() {
  export WORK="$BATS_FILE_TMPDIR"
  # The service's port: one that this test then holds, from the range these tests may use.
  for port in $(seq 18120 18139); do
    port_in_use "$port" || break
  done
  export PORT="$port"
  generate "$WORK" held -Dport="$PORT"
}

# generate DIR NAME [-DPROPERTY=VALUE...]: the service NAME from the installed template, in DIR.
generate() {
  local dir="$1" name="$2"
  shift 2
  (cd "$dir" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
    -DarchetypeArtifactId=service-template -DarchetypeVersion="$(platform_version)" \
    -DgroupId=com.example -DartifactId="$name" -Dpackage="com.example.${name//-/}" "$@")
}

teardown() {
  if [[ -n "${HOLDER_PID:-}" ]]; then
    kill "$HOLDER_PID" 2>/dev/null || true
    wait "$HOLDER_PID" 2>/dev/null || true
  fi
}

# hold_port: another process listens on the service's port until the test ends.
hold_port() {
  python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$BATS_TEST_TMPDIR" >/dev/null 2>&1 &
  HOLDER_PID=$!
  wait_for_url "http://127.0.0.1:$PORT/" 20
}

@test "ci.yml calls the platform's workflow at the platform version's ref, in at most 40 lines" {
  ci="$WORK/held/.github/workflows/ci.yml"
  grep -qx "    uses: $(platform_property platform.org)/platform/.github/workflows/service.yml@main" "$ci"
  grep -q "PLATFORM_PACKAGES_TOKEN: \${{ secrets.PLATFORM_PACKAGES_TOKEN }}" "$ci"
  count="$(grep -cvE '^[[:space:]]*(#|$)' "$ci")"
  echo "non-comment lines: $count"
  [ "$count" -le 40 ]
}

@test "the service records the template and its answers; every file the template manages is in it" {
  provenance="$WORK/held/.platform-template.properties"
  grep -qx "template=io.github.mnplatform:service-template" "$provenance"
  grep -qx "template.version=$(platform_version)" "$provenance"
  grep -qx "template.origin=archetype" "$provenance"
  grep -qx "answer.port=$PORT" "$provenance"
  grep -qx "answer.package=com.example.held" "$provenance"
  grep -qx "answer.features=none" "$provenance"
  jar="$(installed_platform_artifact service-template "$(platform_version)")/service-template-$(platform_version).jar"
  managed="$(unzip -p "$jar" META-INF/mnplatform/managed-files.txt | grep -v '^#')"
  [ "$(wc -l <<<"$managed")" -ge 8 ]
  while read -r file; do
    [ -f "$WORK/held/$file" ] || { echo "managed but not generated: $file"; false; }
  done <<<"$managed"
}

@test "the README keeps its section headings (Velocity would eat lines starting with ##)" {
  grep -qx '## CI and the platform.s packages' "$WORK/held/README.md"
  [ "$(grep -c '^## ' "$WORK/held/README.md")" -eq 7 ]
}

@test "./mvnw verify passes while another process holds the service's port" {
  grep -q "port: $PORT" "$WORK/held/src/main/resources/application.yml"
  hold_port
  run bash -c 'cd "$1" && ./mvnw -B verify' _ "$WORK/held"
  [ "$status" -eq 0 ] || { echo "$output" | tail -60; false; }
  # Both test classes ran, the one with a second embedded server as the fake upstream too.
  [[ "$output" == *"Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"*"UpstreamClientTest"* ]]
  [[ "$output" =~ Tests\ run:\ [0-9]+,\ Failures:\ 0,\ Errors:\ 0,\ Skipped:\ 0,.*ServiceTest ]]
}

@test "java -jar runs the jar that ./mvnw verify packaged, as with Micronaut Launch" {
  jar="$WORK/held/target/held-0.1.0-SNAPSHOT.jar"
  [ -f "$jar" ]
  port="$(free_port)"
  MICRONAUT_SERVER_PORT="$port" java -jar "$jar" >"$BATS_TEST_TMPDIR/held.log" 2>&1 &
  HOLDER_PID=$!
  wait_for_url "http://127.0.0.1:$port/health" 60 || { cat "$BATS_TEST_TMPDIR/held.log"; false; }
  run curl -fsS "http://127.0.0.1:$port/api/info"
  [ "$output" = '{"service":"held","message":"Hello from held"}' ]
}

@test "without the test environment's free ports, the held port fails the build" {
  # The check above can fail: pinned to the service's port, the tests cannot start.
  cp -a "$WORK/held" "$WORK/pinned"
  rm -r "$WORK/pinned/src/test/resources/application-test.yml" "$WORK/pinned/target"
  hold_port
  run bash -c 'cd "$1" && ./mvnw -B verify' _ "$WORK/pinned"
  [ "$status" -ne 0 ]
  [[ "$output" == *"Port *:$PORT already in use"* ]] || { echo "$output" | grep -i -m5 "port\|bind"; false; }
}

@test "each feature tile keeps every run-time jar of a service without features" {
  # A tile's provided dependency must not win Maven's nearest-first mediation over a common jar:
  # the jar would leave the class path, and the service would no longer run the base's cache.
  generate "$BATS_TEST_TMPDIR" common >/dev/null
  modules="<module>common</module>"
  for tile in "$REPO_ROOT"/tiles/*-tile; do
    feature="$(basename "$tile" -tile)"
    case "$feature" in
      micronaut | jib) continue ;;
      flyway) features=data-jdbc,flyway ;; # flyway needs data-jdbc's database
      *) features="$feature" ;;
    esac
    generate "$BATS_TEST_TMPDIR" "with-$feature" -Dfeatures="$features" >/dev/null
    modules+="<module>with-$feature</module>"
  done
  # One Maven run resolves them all: each writes its run-time class path into its own directory.
  printf '<project><modelVersion>4.0.0</modelVersion><groupId>it</groupId><artifactId>all</artifactId><version>1</version><packaging>pom</packaging><modules>%s</modules></project>\n' \
    "$modules" >"$BATS_TEST_TMPDIR/pom.xml"
  (cd "$BATS_TEST_TMPDIR" && "$REPO_ROOT/mvnw" -B -q dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile=runtime-jars.txt)
  tr ':' '\n' <"$BATS_TEST_TMPDIR/common/runtime-jars.txt" | sort >"$BATS_TEST_TMPDIR/common.txt"
  [ "$(grep -c 'micronaut-context-propagation' "$BATS_TEST_TMPDIR/common.txt")" -eq 1 ]
  for dir in "$BATS_TEST_TMPDIR"/with-*; do
    missing="$(comm -23 "$BATS_TEST_TMPDIR/common.txt" <(tr ':' '\n' <"$dir/runtime-jars.txt" | sort))"
    [ -z "$missing" ] || { echo "$(basename "$dir"): $missing"; false; }
  done
}

@test "in a service, platform:help lists the platform plugin's goals, and describes one with -Dgoal" {
  cd "$WORK/held"
  # Not -q: the help goal prints at INFO.
  run ./mvnw -B platform:help
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  for goal in base-features check-processors container-engine help migrate; do
    [[ "$output" == *"platform:$goal"* ]] || { echo "no goal $goal: $output"; false; }
  done
  run ./mvnw -B platform:help -Dgoal=migrate -Ddetail
  [ "$status" -eq 0 ]
  [[ "$output" == *"Available parameters:"* && "$output" != *"platform:container-engine"* ]] || { echo "$output"; false; }
}
