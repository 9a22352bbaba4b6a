#!/usr/bin/env bats
# The platform's Renovate preset and the renovate.json a generated service gets: valid for
# Renovate's own validator, and a Renovate dry run on a generated service, against a Maven
# repository that requires credentials and with the token given as a secret, moves
# platform.version and the refs of the platform's workflow and preset in one grouped update.

load test_helper

setup_file() {
  RENOVATE_BIN="$("$SCRIPTS_DIR/validate-renovate.sh" --print-bin)"
  export RENOVATE_BIN
}

teardown() {
  if [[ -n "${NGINX_PID:-}" ]]; then
    kill "$NGINX_PID" 2>/dev/null || true
  fi
}

# The credentials the local Maven repository asks for. Renovate gets the token the way the
# hosted app gives a secret of its settings page: as the secret PLATFORM_PACKAGES_TOKEN, which
# the preset's hostRules name.
MAVEN_USER=renovate
MAVEN_TOKEN=test-token-0f3a

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
# deployed by maven-deploy-plugin and served by nginx on 127.0.0.1 under /maven, which, like
# the platform's GitHub Packages, answers only requests with credentials (HTTP Basic,
# MAVEN_USER and MAVEN_TOKEN). Beside it, without credentials, /presets/service.json: the
# platform's preset as shipped, with the URL of its Maven repository replaced by the local one.
# Sets MAVEN_URL and PRESET_URL.
serve_platform_releases() {
  local www="$BATS_TEST_TMPDIR/www" conf="$BATS_TEST_TMPDIR/nginx" version port url
  need_cmd nginx nginx-light
  need_cmd openssl
  for version in "$@"; do
    (cd "$REPO_ROOT" && ./mvnw -B -q -N \
      "org.apache.maven.plugins:maven-deploy-plugin:$(platform_property maven-deploy-plugin.version):deploy-file" \
      -Dfile=platform-bom/pom.xml -DgroupId=io.github.mnplatform -DartifactId=platform-bom \
      -Dversion="$version" -Dpackaging=pom -DgeneratePom=false -Durl="file://$www/maven")
  done
  port="$(free_port)"
  MAVEN_URL="http://127.0.0.1:$port/maven"
  PRESET_URL="http://127.0.0.1:$port/presets/service.json"
  mkdir -p "$www/presets" "$conf"
  url="$(platform_property platform.maven.repository)"
  jq --arg url "$url" --arg local "$MAVEN_URL" 'walk(if type == "string" then gsub($url; $local) else . end)' \
    "$REPO_ROOT/renovate/service.json" >"$www/presets/service.json"
  printf '%s:%s\n' "$MAVEN_USER" "$(openssl passwd -apr1 "$MAVEN_TOKEN")" >"$conf/htpasswd"
  # The temporary directories nginx would otherwise create under /var/lib/nginx.
  printf '%s\n' "user $(id -un);" 'daemon off;' 'master_process off;' "pid $conf/nginx.pid;" \
    "error_log $conf/error.log;" 'events {}' 'http {' "  access_log $conf/access.log;" \
    "  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fastcgi;" \
    "  uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;" \
    '  types { application/xml xml; application/json json; }' \
    "  server {" "    listen 127.0.0.1:$port;" "    root $www;" \
    "    location /maven/ { auth_basic platform; auth_basic_user_file $conf/htpasswd; }" \
    '    location /presets/ { }' '  }' '}' >"$conf/nginx.conf"
  nginx -p "$conf" -c "$conf/nginx.conf" -e "$conf/error.log" &
  NGINX_PID=$!
  wait_for_url "$PRESET_URL" 20 || { cat "$conf/error.log"; return 1; }
  # Without credentials, or with others, the repository refuses; with them, it serves.
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$MAVEN_URL/io/github/mnplatform/platform-bom/maven-metadata.xml")" = 401 ]
  [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$MAVEN_USER:wrong" "$MAVEN_URL/io/github/mnplatform/platform-bom/maven-metadata.xml")" = 401 ]
  curl -fsS -o /dev/null -u "$MAVEN_USER:$MAVEN_TOKEN" "$MAVEN_URL/io/github/mnplatform/platform-bom/maven-metadata.xml"
}

# renovate_lookup DIR [SECRETS]: Renovate's dry run (platform local: extract and look up, change
# nothing) in DIR, as self-hosted Renovate runs with the secrets SECRETS (JSON, given as
# RENOVATE_SECRETS; the hosted app gives those of its settings page the same way). The
# service's renovate.json extends the preset at github>ORG/platform//...: the admin option
# migratePresets points that ref at PRESET_URL instead, so Renovate resolves the preset as the
# app does, as a preset of the repository's configuration, secrets and host rules included.
# Renovate 39 has no renovate-config manager (it came in a later Renovate, first named
# renovate-config-presets): a regex manager here stands in for it and extracts the preset's ref
# as that manager does (lib/modules/manager/renovate-config/extract.ts: depName ORG/platform,
# datasource github-tags, currentValue vX.Y.Z). Prints one line per dependency:
# FILE DEP_NAME CURRENT NEW BRANCH, or FILE DEP_NAME CURRENT - SKIP_REASON; fails as Renovate
# does. The log stays in $BATS_TEST_TMPDIR/renovate.log.
renovate_lookup() {
  local dir="$1" secrets="${2:-}" preset status=0
  preset="$(jq -r '.extends[0]' "$dir/renovate.json")"
  jq -n --arg preset "$preset" --arg url "$PRESET_URL" '{
      platform: "local", githubTokenWarn: false, migratePresets: {($preset): $url},
      customManagers: [{customType: "regex", fileMatch: ["(^|/)renovate\\.json5?$"],
        matchStrings: ["\"github>(?<depName>[^/\"]+/[^/\"]+)//[^\"#]*#(?<currentValue>[^\"]+)\""],
        datasourceTemplate: "github-tags"}]}' >"$BATS_TEST_TMPDIR/renovate-config.json"
  local -a env=(RENOVATE_CONFIG_FILE="$BATS_TEST_TMPDIR/renovate-config.json" LOG_LEVEL=debug LOG_FORMAT=json
    RENOVATE_BASE_DIR="$BATS_TEST_TMPDIR/renovate" PATH="$RENOVATE_BIN:$PATH")
  if [[ -n "$secrets" ]]; then
    env+=(RENOVATE_SECRETS="$secrets")
  fi
  (cd "$dir" && env "${env[@]}" renovate) >"$BATS_TEST_TMPDIR/renovate.log" 2>&1 || status=$?
  jq -r 'select(.msg == "packageFiles with updates") | .config[][] | .packageFile as $f | .deps[]
    | if (.updates | length) > 0 then .updates[] as $u | "\($f) \(.depName) \(.currentValue) \($u.newValue) \($u.branchName)"
      else "\($f) \(.depName) \(.currentValue) - \(.skipReason)" end' "$BATS_TEST_TMPDIR/renovate.log" | sort
  return "$status"
}

@test "the platform's preset, its self-hosted configuration and the template's renovate.json pass renovate-config-validator" {
  run "$SCRIPTS_DIR/validate-renovate.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"valid: $REPO_ROOT/renovate/service.json"* ]]
  [[ "$output" == *"valid: $REPO_ROOT/renovate/self-hosted.json"* ]]
  [ "$(grep -c 'valid: ' <<<"$output")" -eq 3 ]
}

@test "the preset and the self-hosted configuration name the platform's coordinates as the root POM has them" {
  group="$(platform_property project.groupId)"
  url="$(platform_property platform.maven.repository)"
  [ "$(jq -r '[.customManagers[].depNameTemplate] | unique | join(" ")' "$REPO_ROOT/renovate/service.json")" = "$group:platform-bom" ]
  # The Maven URL twice: where Renovate looks the platform up, and the host rule with its token.
  [ "$(jq -r '[.packageRules[].registryUrls // empty | .[]] | unique | join(" ")' "$REPO_ROOT/renovate/service.json")" = "$url" ]
  [ "$(jq -r '[.hostRules[].matchHost] | unique | join(" ")' "$REPO_ROOT/renovate/service.json")" = "$url" ]
  [ "$(grep -c 'maven\.pkg\.github\.com' "$REPO_ROOT/renovate/service.json")" -eq 2 ]
  # The self-hosted configuration: the same package, the goal of the platform's own plugin.
  [ "$(jq -r '.packageRules[].matchPackageNames[]' "$REPO_ROOT/renovate/self-hosted.json")" = "$group:platform-bom" ]
  jq -r '.packageRules[].postUpgradeTasks.commands[]' "$REPO_ROOT/renovate/self-hosted.json" | grep -qF " $group:platform-maven-plugin:"
  jq -r '.allowedCommands[]' "$REPO_ROOT/renovate/self-hosted.json" | grep -qF " ${group//./\\.}:platform-maven-plugin:"
}

@test "a broken Renovate configuration is reported, with the validator's reasons" {
  printf '%s\n' '{"customManagers":[{"customType":"regex","fileMatch":["pom.xml"]}],"nonsenseOption":true}' \
    >"$BATS_TEST_TMPDIR/renovate.json"
  run "$SCRIPTS_DIR/validate-renovate.sh" "$BATS_TEST_TMPDIR/renovate.json"
  [ "$status" -eq 1 ]
  [[ "$output" == *"Invalid configuration option: nonsenseOption"* ]]
  [[ "$output" == *"INVALID: $BATS_TEST_TMPDIR/renovate.json"* ]]
}

@test "Renovate, with the token as a secret, reads an authenticated Maven repository and moves platform.version, the workflow ref and the preset ref in one grouped update" {
  generate released 0.1.0
  grep -q 'service.yml@v0.1.0$' "$BATS_TEST_TMPDIR/released/.github/workflows/ci.yml"
  serve_platform_releases 0.1.0 0.2.0
  run renovate_lookup "$BATS_TEST_TMPDIR/released" "{\"PLATFORM_PACKAGES_TOKEN\":\"$MAVEN_TOKEN\"}"
  echo "$output"
  [ "$status" -eq 0 ]
  # The three places, one version, one branch: one pull request.
  [[ "$output" == *"pom.xml io.github.mnplatform:platform-bom 0.1.0 0.2.0 renovate/platform"* ]]
  [[ "$output" == *".github/workflows/ci.yml io.github.mnplatform:platform-bom 0.1.0 0.2.0 renovate/platform"* ]]
  [[ "$output" == *"renovate.json io.github.mnplatform:platform-bom 0.1.0 0.2.0 renovate/platform"* ]]
  [ "$(grep -c ' 0.2.0 ' <<<"$output")" -eq 3 ]
  # Nothing else proposes the platform: not the maven manager, not the github-actions manager
  # (the workflow's ref), not the renovate-config manager (the preset's ref, as a git tag of
  # ORG/platform); and the platform's Maven Wrapper stays.
  [[ "$output" == *"pom.xml io.github.mnplatform:platform-bom 0.1.0 - disabled"* ]]
  [[ "$output" == *".github/workflows/ci.yml mnplatform/platform v0.1.0 - disabled"* ]]
  [[ "$output" == *"renovate.json mnplatform/platform v0.1.0 - disabled"* ]]
  [ "$(grep -c 'mnplatform/platform' <<<"$output")" -eq 2 ]
  [[ "$output" == *".mvn/wrapper/maven-wrapper.properties maven 3.9.16 - disabled"* ]]
  # Renovate read the repository with the token, and the token is in no log line.
  grep '"GET /maven/io/github/mnplatform/platform-bom/maven-metadata.xml HTTP/1.1" 200 .*RenovateBot' "$BATS_TEST_TMPDIR/nginx/access.log"
  [ "$(grep -c "$MAVEN_TOKEN" "$BATS_TEST_TMPDIR/renovate.log")" -eq 0 ]
}

@test "without the secret, Renovate stops at the preset's host rule and proposes no platform update" {
  generate nosecret 0.1.0
  serve_platform_releases 0.1.0 0.2.0
  run renovate_lookup "$BATS_TEST_TMPDIR/nosecret"
  echo "$output"
  [ "$(grep -c 'renovate/platform' <<<"$output")" -eq 0 ]
  grep -q 'The following secret name was not found in config: PLATFORM_PACKAGES_TOKEN' "$BATS_TEST_TMPDIR/renovate.log"
}

@test "with a token the repository refuses, Renovate's lookup fails and it proposes no platform update" {
  generate badtoken 0.1.0
  serve_platform_releases 0.1.0 0.2.0
  run renovate_lookup "$BATS_TEST_TMPDIR/badtoken" '{"PLATFORM_PACKAGES_TOKEN":"not-the-token"}'
  echo "$output"
  [ "$(grep -c 'renovate/platform' <<<"$output")" -eq 0 ]
  grep '"GET /maven/io/github/mnplatform/platform-bom/maven-metadata.xml HTTP/1.1" 401 .*RenovateBot' "$BATS_TEST_TMPDIR/nginx/access.log"
  [ "$(grep -c '"GET /maven/[^"]*" 200 .*RenovateBot' "$BATS_TEST_TMPDIR/nginx/access.log")" -eq 0 ]
}

@test "a service on a -SNAPSHOT platform gets no platform update from Renovate" {
  generate snapshot "$(platform_version)"
  serve_platform_releases 0.1.0 0.2.0
  run renovate_lookup "$BATS_TEST_TMPDIR/snapshot" "{\"PLATFORM_PACKAGES_TOKEN\":\"$MAVEN_TOKEN\"}"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"pom.xml io.github.mnplatform:platform-bom $(platform_version) - disabled"* ]]
  [ "$(grep -c 'renovate/platform' <<<"$output")" -eq 0 ]
}
