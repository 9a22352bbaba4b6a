#!/usr/bin/env bats
# The platform's Renovate preset and the renovate.json a generated service gets: valid for
# Renovate's own validator, and a Renovate dry run on a generated service moves platform.version
# and the refs of the platform's workflow and preset in one grouped update.

load test_helper

setup_file() {
  RENOVATE_BIN="$("$SCRIPTS_DIR/validate-renovate.sh" --print-bin)"
  export RENOVATE_BIN
}

teardown() {
  if [[ -n "${HTTP_PID:-}" ]]; then
    kill "$HTTP_PID" 2>/dev/null || true
  fi
}

# generate NAME PLATFORM_VERSION: a service from the installed template, as a git repository.
generate() {
  (cd "$BATS_TEST_TMPDIR" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
    -DarchetypeArtifactId=service-template -DarchetypeVersion="$(platform_version)" \
    -DgroupId=com.example -DartifactId="$1" -Dpackage="com.example.${1//-/}" -DplatformVersion="$2")
  git -C "$BATS_TEST_TMPDIR/$1" init -q
  git -C "$BATS_TEST_TMPDIR/$1" -c user.name=t -c user.email=t@example.com add -A
  git -C "$BATS_TEST_TMPDIR/$1" -c user.name=t -c user.email=t@example.com commit -q -m Generated
}

# serve_platform_releases VERSION...: a Maven repository holding platform-bom VERSION...,
# deployed by maven-deploy-plugin and served over HTTP on 127.0.0.1, standing in for the
# platform's GitHub Packages as the local registry stands in for GHCR. Sets MAVEN_URL.
serve_platform_releases() {
  local repo="$BATS_TEST_TMPDIR/maven" version port
  for version in "$@"; do
    (cd "$REPO_ROOT" && ./mvnw -B -q -N \
      "org.apache.maven.plugins:maven-deploy-plugin:$(platform_property maven-deploy-plugin.version):deploy-file" \
      -Dfile=platform-bom/pom.xml -DgroupId=io.github.mnplatform -DartifactId=platform-bom \
      -Dversion="$version" -Dpackaging=pom -DgeneratePom=false -Durl="file://$repo")
  done
  for port in $(seq 18120 18139); do
    port_in_use "$port" || break
  done
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$repo" >"$BATS_TEST_TMPDIR/http.log" 2>&1 &
  HTTP_PID=$!
  MAVEN_URL="http://127.0.0.1:$port"
  wait_for_url "$MAVEN_URL/io/github/mnplatform/platform-bom/maven-metadata.xml" 20
}

# renovate_lookup DIR: Renovate's dry run (platform local: extract and look up, change nothing)
# in DIR, with the platform's preset as the service's renovate.json names it, read from this
# checkout instead of GitHub and looking versions up at MAVEN_URL. Prints one line per update:
# FILE DEP_NAME CURRENT NEW BRANCH, or FILE DEP_NAME CURRENT - SKIP_REASON.
renovate_lookup() {
  local dir="$1" preset
  preset="$(jq -r '.extends[0]' "$dir/renovate.json")"
  jq --arg url "$MAVEN_URL" --arg preset "$preset" \
    'del(."$schema") | .customManagers[].registryUrlTemplate = $url
     | . + {platform: "local", ignorePresets: [$preset], githubTokenWarn: false}' \
    "$REPO_ROOT/renovate/service.json" >"$BATS_TEST_TMPDIR/renovate-config.json"
  (cd "$dir" && RENOVATE_CONFIG_FILE="$BATS_TEST_TMPDIR/renovate-config.json" LOG_LEVEL=debug LOG_FORMAT=json \
    RENOVATE_BASE_DIR="$BATS_TEST_TMPDIR/renovate" PATH="$RENOVATE_BIN:$PATH" renovate) >"$BATS_TEST_TMPDIR/renovate.log" 2>&1 ||
    { cat "$BATS_TEST_TMPDIR/renovate.log"; return 1; }
  jq -r 'select(.msg == "packageFiles with updates") | .config[][] | .packageFile as $f | .deps[]
    | if (.updates | length) > 0 then .updates[] as $u | "\($f) \(.depName) \(.currentValue) \($u.newValue) \($u.branchName)"
      else "\($f) \(.depName) \(.currentValue) - \(.skipReason)" end' "$BATS_TEST_TMPDIR/renovate.log" | sort
}

@test "the platform's preset and the template's renovate.json pass renovate-config-validator" {
  run "$SCRIPTS_DIR/validate-renovate.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"valid: $REPO_ROOT/renovate/service.json"* ]]
  [ "$(grep -c 'valid: ' <<<"$output")" -eq 2 ]
}

@test "the preset names the platform's coordinates as the root POM has them" {
  group="$(platform_property project.groupId)"
  url="$(platform_property platform.maven.repository)"
  [ "$(jq -r '[.customManagers[].depNameTemplate] | unique | join(" ")' "$REPO_ROOT/renovate/service.json")" = "$group:platform-bom" ]
  [ "$(jq -r '[.customManagers[].registryUrlTemplate] | unique | join(" ")' "$REPO_ROOT/renovate/service.json")" = "$url" ]
}

@test "a broken Renovate configuration is reported, with the validator's reasons" {
  printf '%s\n' '{"customManagers":[{"customType":"regex","fileMatch":["pom.xml"]}],"nonsenseOption":true}' \
    >"$BATS_TEST_TMPDIR/renovate.json"
  run "$SCRIPTS_DIR/validate-renovate.sh" "$BATS_TEST_TMPDIR/renovate.json"
  [ "$status" -eq 1 ]
  [[ "$output" == *"Invalid configuration option: nonsenseOption"* ]]
  [[ "$output" == *"INVALID: $BATS_TEST_TMPDIR/renovate.json"* ]]
}

@test "a Renovate dry run moves platform.version, the workflow ref and the preset ref in one grouped update" {
  generate released 0.1.0
  grep -q 'service.yml@v0.1.0$' "$BATS_TEST_TMPDIR/released/.github/workflows/ci.yml"
  serve_platform_releases 0.1.0 0.2.0
  run renovate_lookup "$BATS_TEST_TMPDIR/released"
  echo "$output"
  [ "$status" -eq 0 ]
  # The three places, one version, one branch: one pull request.
  [[ "$output" == *"pom.xml io.github.mnplatform:platform-bom 0.1.0 0.2.0 renovate/platform"* ]]
  [[ "$output" == *".github/workflows/ci.yml io.github.mnplatform:platform-bom 0.1.0 0.2.0 renovate/platform"* ]]
  [[ "$output" == *"renovate.json io.github.mnplatform:platform-bom 0.1.0 0.2.0 renovate/platform"* ]]
  [ "$(grep -c ' 0.2.0 ' <<<"$output")" -eq 3 ]
  # Nothing else proposes the platform, and the platform's Maven Wrapper stays.
  [[ "$output" == *"pom.xml io.github.mnplatform:platform-bom 0.1.0 - disabled"* ]]
  [[ "$output" == *".github/workflows/ci.yml mnplatform/platform v0.1.0 - disabled"* ]]
  [[ "$output" == *".mvn/wrapper/maven-wrapper.properties maven 3.9.16 - disabled"* ]]
}

@test "a service on a -SNAPSHOT platform gets no platform update from Renovate" {
  generate snapshot "$(platform_version)"
  serve_platform_releases 0.1.0 0.2.0
  run renovate_lookup "$BATS_TEST_TMPDIR/snapshot"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"pom.xml io.github.mnplatform:platform-bom $(platform_version) - disabled"* ]]
  [ "$(grep -c 'renovate/platform' <<<"$output")" -eq 0 ]
}
