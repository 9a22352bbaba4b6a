#!/usr/bin/env bats
# What runs where, end to end: scripts/quickstart.sh builds the base image and the demo on a
# registry of this file's own; a variant of the demo that overrides a common jar joins it. The
# SBOMs in both images and scripts/fleet.sh's report over that registry are checked against
# what Maven and the registry say. Needs what the quickstart needs. Stops everything it started.

load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
  export FLEET="$REPO_ROOT/target/fleet-e2e"
  rm -rf "$FLEET"
  mkdir -p "$FLEET"
  # FLEET_PORT / FLEET_REGISTRY_PORT pin the ports on a shared machine; free ones otherwise.
  PORT="${FLEET_PORT:-$(free_port)}"
  REG_PORT="${FLEET_REGISTRY_PORT:-$(free_port)}"
  [[ "$PORT" != "$REG_PORT" ]] || REG_PORT="$(free_port)"
  export PORT REG_PORT REG="127.0.0.1:$REG_PORT"
  export LOCAL_REGISTRY_PORT="$REG_PORT" LOCAL_REGISTRY_DIR="$FLEET/registry"
  export DEMO="$FLEET/work/demo" CONTAINER=quickstart-demo

  "$SCRIPTS_DIR/quickstart.sh" --keep --port "$PORT" --registry-port "$REG_PORT" \
    --workdir "$FLEET/work" >"$FLEET/quickstart.log" 2>&1 || true
  # The registry is all this file needs: the demo's container goes at once.
  "$SCRIPTS_DIR/run-image.sh" stop --name "$CONTAINER" >/dev/null 2>&1 || true
  ORG="$(platform_property platform.org)"
  VERSION="$(platform_version)"
  BASE_DIGEST="$(cat "$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-image.digest")"
  export ORG VERSION BASE_DIGEST

  # The variant runs snakeyaml 2.3 instead of the platform's 2.4.
  export VARIANT="$FLEET/variant"
  cp -r "$DEMO" "$VARIANT" && rm -rf "$VARIANT/target"
  sed -i 's#  <build>#  <dependencies>\n    <dependency>\n      <groupId>org.yaml</groupId>\n      <artifactId>snakeyaml</artifactId>\n      <version>2.3</version>\n    </dependency>\n  </dependencies>\n\n  <build>#' "$VARIANT/pom.xml"
  (cd "$VARIANT" && ./mvnw -B -q compile jib:build -Dplatform.registry="$REG" -Dplatform.registry.insecure=true \
    -Dplatform.image="$REG/$ORG/variant:1") >"$FLEET/variant.log" 2>&1 || true
}

teardown_file() {
  "$SCRIPTS_DIR/run-image.sh" stop --name "$CONTAINER" >/dev/null 2>&1 || true
  "$SCRIPTS_DIR/local-registry.sh" stop >/dev/null 2>&1 || true
}

# file_in_image REPO DIGEST PATH: prints the file at PATH (no leading /) from the image's layers.
file_in_image() {
  local layer
  while read -r layer _; do
    if curl -fsS "http://$REG/v2/$1/blobs/$layer" | tar -tzf - 2>/dev/null | grep -q -x -F "$3"; then
      curl -fsS "http://$REG/v2/$1/blobs/$layer" | tar -xzOf - "$3" 2>/dev/null
      return 0
    fi
  done < <(image_layers "$REG" "$1" "$2" | tac)
  echo "no $3 in $1@$2" >&2
  return 1
}

@test "the quickstart and the variant's image build succeeded" {
  tail -n 1 "$FLEET/quickstart.log" | grep -q '^quickstart: ok '
  [ -s "$VARIANT/target/jib-image.digest" ] || { cat "$FLEET/variant.log"; false; }
}

@test "the base image carries a CycloneDX SBOM of its jars, with purls and SHA-256, naming its Java runtime" {
  file_in_image "$ORG/micronaut-base" "$BASE_DIGEST" opt/mnplatform/sbom/base.cdx.json >"$FLEET/base.cdx.json"
  [ "$(jq -r .bomFormat "$FLEET/base.cdx.json")" = CycloneDX ]
  purl="$(jq -r '.components[] | select(.name == "micronaut-http-server-netty") | .purl' "$FLEET/base.cdx.json")"
  [[ "$purl" == pkg:maven/io.micronaut/micronaut-http-server-netty@4.* ]]
  # Every jar of the base is in it, each with a SHA-256.
  jars="$(grep -c '^/app/libs/.*\.jar=' "$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties")"
  [ "$(jq '[.components[] | select(.hashes | any(.alg == "SHA-256"))] | length' "$FLEET/base.cdx.json")" -eq "$jars" ]
  [ "$(jq -r '.metadata.component.externalReferences[0].url' "$FLEET/base.cdx.json")" = "docker://$REG/platform/jre:25" ]
}

@test "the demo image carries its own SBOM in its own layers: its whole runtime class path, no test jars" {
  digest="$(cat "$DEMO/target/jib-image.digest")"
  file_in_image "$ORG/demo" "$digest" opt/mnplatform/sbom/service.cdx.json >"$FLEET/demo.cdx.json"
  jq -e '.components[] | select(.purl | startswith("pkg:maven/io.micronaut/micronaut-http-server-netty@"))' "$FLEET/demo.cdx.json" >/dev/null
  # Jar for jar what Maven runs (the image's class path is checked against Maven in e2e.bats).
  (cd "$DEMO" && ./mvnw -B -q dependency:list -DincludeScope=runtime -DoutputFile="$FLEET/maven-runtime.txt" -DoutputAbsoluteArtifactFilename=false)
  maven="$(grep -Eo '[^ ]+:[^ ]+:jar:[^ :]+' "$FLEET/maven-runtime.txt" | awk -F: '{ print $1 ":" $2 ":" $4 }' | sort -u)"
  sbom="$(jq -r '.components[] | "\(.group):\(.name):\(.version)"' "$FLEET/demo.cdx.json" | sort -u)"
  diff <(echo "$maven") <(echo "$sbom")
  ! grep -q junit <<<"$sbom"
  # In the service's own layers, not the base's.
  own="$(grep -v -F -f <(image_layers "$REG" "$ORG/micronaut-base" "$BASE_DIGEST" | cut -d' ' -f1) \
    <(image_layers "$REG" "$ORG/demo" "$digest") | cut -d' ' -f1)"
  found=0
  for layer in $own; do
    curl -fsS "http://$REG/v2/$ORG/demo/blobs/$layer" | tar -tzf - 2>/dev/null | grep -q -x opt/mnplatform/sbom/service.cdx.json && found=1
  done
  [ "$found" = 1 ]
}

@test "the SBOM is attached to the service's Maven build (classifier cyclonedx)" {
  (cd "$DEMO" && ./mvnw -B -q install -DskipTests)
  repo="$(cd "$DEMO" && ./mvnw -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout)"
  cmp "$DEMO/target/sbom/service.cdx.json" "$repo/com/example/demo/0.1.0-SNAPSHOT/demo-0.1.0-SNAPSHOT-cyclonedx.json"
}

@test "fleet.sh --json lists the demo with its platform version, base digest, AOT mode and own bytes" {
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  demo="$(jq -c '.images[] | select(.repository == "'"$ORG"'/demo" and .tag == "0.1.0-SNAPSHOT")' <<<"$output")"
  echo "$demo"
  [ "$(jq -r .platformVersion <<<"$demo")" = "$VERSION" ]
  [ "$(jq -r .digest <<<"$demo")" = "$(cat "$DEMO/target/jib-image.digest")" ]
  [ "$(jq -r .baseDigest <<<"$demo")" = "$BASE_DIGEST" ]
  [ "$(jq -r .behind <<<"$demo")" = 0 ]
  [ "$(jq -r .aot <<<"$demo")" = base ]
  [ "$(jq -r '.overrides | length' <<<"$demo")" = 0 ]
  own="$(grep -v -F -f <(image_layers "$REG" "$ORG/micronaut-base" "$BASE_DIGEST" | cut -d' ' -f1) \
    <(image_layers "$REG" "$ORG/demo" "$(cat "$DEMO/target/jib-image.digest")") | awk '{ t += $2 } END { print t }')"
  [ "$(jq -r .ownBytes <<<"$demo")" = "$own" ]
  # The base and the JRE are images of the registry, not services.
  [ "$(jq '[.images[] | select(.repository | endswith("micronaut-base"))] | length' <<<"$output")" = 0 ]
}

@test "fleet.sh names the common jar the variant overrides, and its AOT mode off" {
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json
  variant="$(jq -c '.images[] | select(.repository == "'"$ORG"'/variant")' <<<"$output")"
  echo "$variant"
  [ "$(jq -c .overrides <<<"$variant")" = '[{"artifact":"org.yaml:snakeyaml","base":"2.4","image":"2.3"}]' ]
  [ "$(jq -r .aot <<<"$variant")" = off ]
}

@test "fleet.sh --with names the images that run an artifact, and nothing for one nobody runs" {
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json --with io.micronaut:micronaut-http-server-netty
  [ "$status" -eq 0 ]
  [ "$(jq -r '[.images[].repository] | unique | join(" ")' <<<"$output")" = "$ORG/demo $ORG/variant" ]
  [[ "$(jq -r '.images[0].runs[0]' <<<"$output")" == io.micronaut:micronaut-http-server-netty:4.* ]]
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json --with org.yaml:snakeyaml:2.3
  [ "$(jq -r '[.images[].repository] | unique | join(" ")' <<<"$output")" = "$ORG/variant" ]
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --with org.example:nobody-runs-this
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 1 ] # the header only
  [[ "$stderr" == *"0 images run org.example:nobody-runs-this"* ]]
}

@test "fleet.sh --html writes one page that names the demo and renders in headless Chromium" {
  need_cmd chromium chromium
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --html "$FLEET/fleet.html"
  [ "$status" -eq 0 ]
  ! grep -E -q '<script|src=|href=' "$FLEET/fleet.html"
  run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$FLEET/chromium-profile" --dump-dom "file://$FLEET/fleet.html"
  [[ "$output" == *"<td>$ORG/demo</td>"* ]]
  [[ "$output" == *"<h1>What runs where</h1>"* ]]
}

@test "fleet.sh --repositories reads the repositories named instead of the catalog" {
  printf '# as the GitHub packages API lists them for GHCR\n%s\n' "$ORG/variant" >"$FLEET/repositories.txt"
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json --repositories "$FLEET/repositories.txt"
  [ "$status" -eq 0 ]
  [ "$(jq -r '[.images[].repository] | unique | join(" ")' <<<"$output")" = "$ORG/variant" ]
}

@test "fleet.sh: a registry that does not answer is exit 1 with what to do" {
  run "$SCRIPTS_DIR/fleet.sh" --registry "127.0.0.1:$(free_port)"
  [ "$status" -eq 1 ]
  [[ "$output" == *"ERROR: no registry answers at http://127.0.0.1:"*"scripts/local-registry.sh start"* ]]
  run "$SCRIPTS_DIR/fleet.sh" --registry "no-such-registry.invalid"
  [ "$status" -eq 1 ]
  [[ "$output" == *"ERROR: no registry answers at https://no-such-registry.invalid"* ]]
}

@test "fleet.sh: a malformed --with or --registry is exit 2 saying the form" {
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --with snakeyaml
  [ "$status" -eq 2 ]
  [[ "$output" == *"--with 'snakeyaml': use GROUP:ARTIFACT or GROUP:ARTIFACT:VERSION"*"--help"* ]]
  run "$SCRIPTS_DIR/fleet.sh" --registry "http://$REG"
  [ "$status" -eq 2 ]
  [[ "$output" == *"use HOST[:PORT]"* ]]
}

@test "a one-line code change still pushes only the classes layer: the SBOM's layer stays" {
  changed="$FLEET/demo-changed"
  rm -rf "$changed" && cp -r "$DEMO" "$changed" && rm -rf "$changed/target"
  sed -i 's/"Hello from "/"Hi from "/' "$changed/src/main/java/com/example/demo/InfoController.java"
  (cd "$changed" && ./mvnw -B -q compile jib:build -Dplatform.registry="$REG" -Dplatform.registry.insecure=true \
    -Dplatform.image="$REG/$ORG/demo:changed")
  before="$(image_layers "$REG" "$ORG/demo" "$(cat "$DEMO/target/jib-image.digest")")"
  after="$(image_layers "$REG" "$ORG/demo" "$(cat "$changed/target/jib-image.digest")")"
  changed_layers="$(grep -v -F -x -f <(echo "$before") <<<"$after")"
  echo "changed: $changed_layers"
  [ "$(wc -l <<<"$changed_layers")" -eq 1 ]
  curl -fsS "http://$REG/v2/$ORG/demo/blobs/${changed_layers%% *}" | tar -tzf - 2>/dev/null | grep -q InfoController.class
}
