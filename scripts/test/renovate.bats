#!/usr/bin/env bats
# The renovate.json a generated service gets: valid for Renovate's own validator, and its
# regex manager finds platform.version in the generated pom.xml.

load test_helper

@test "the template's renovate.json passes renovate-config-validator" {
  run "$SCRIPTS_DIR/validate-renovate.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"valid: "* ]]
}

@test "a broken Renovate configuration is reported, with the validator's reasons" {
  printf '%s\n' '{"customManagers":[{"customType":"regex","fileMatch":["pom.xml"]}],"nonsenseOption":true}' \
    >"$BATS_TEST_TMPDIR/renovate.json"
  run "$SCRIPTS_DIR/validate-renovate.sh" "$BATS_TEST_TMPDIR/renovate.json"
  [ "$status" -eq 1 ]
  [[ "$output" == *"Invalid configuration option: nonsenseOption"* ]]
  [[ "$output" == *"INVALID: $BATS_TEST_TMPDIR/renovate.json"* ]]
}

@test "the regex manager matches platform.version in a generated service's pom.xml" {
  version="$(platform_version)"
  (cd "$BATS_TEST_TMPDIR" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
    -DarchetypeArtifactId=service-template -DarchetypeVersion="$version" \
    -DgroupId=com.example -DartifactId=renovated -Dpackage=com.example.renovated)
  run python3 - "$BATS_TEST_TMPDIR/renovated/renovate.json" "$BATS_TEST_TMPDIR/renovated/pom.xml" <<'PY'
import json, re, sys
manager = json.load(open(sys.argv[1]))["customManagers"][0]
pattern = manager["matchStrings"][0].replace("(?<", "(?P<")
matches = [m.group("currentValue") for m in re.finditer(pattern, open(sys.argv[2]).read())]
print(manager["depNameTemplate"], matches)
PY
  echo "$output"
  [ "$output" = "io.github.mnplatform:platform-bom ['$version']" ]
}
