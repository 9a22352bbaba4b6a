#!/usr/bin/env bats
# End to end, offline: scripts/quickstart.sh builds the platform, the local registry, the
# Java 25 runtime image, the base image and a generated service image, and runs it with podman
# (or docker where a Docker engine runs). Every test below checks one promise of the platform
# against that running system, the SBOMs in its images and the fleet report over its
# registry included. Needs Debian's apt repository (as root) and a JDK 25. Stops
# everything it started.

load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
  export E2E="$REPO_ROOT/target/e2e"
  rm -rf "$E2E"
  mkdir -p "$E2E"
  PORT="$(free_port)"
  REG_PORT="$(free_port)"
  [[ "$PORT" != "$REG_PORT" ]] || REG_PORT="$(free_port)"
  export PORT REG_PORT REG="127.0.0.1:$REG_PORT"
  export LOCAL_REGISTRY_PORT="$REG_PORT" LOCAL_REGISTRY_DIR="$E2E/registry"
  export DEMO="$E2E/work/demo" CONTAINER=quickstart-demo

  "$SCRIPTS_DIR/quickstart.sh" --keep --port "$PORT" --registry-port "$REG_PORT" \
    --workdir "$E2E/work" >"$E2E/quickstart.log" 2>&1 || true
  ORG="$(platform_property platform.org)"
  VERSION="$(platform_version)"
  export ORG VERSION
  BASE_DIGEST="$(cat "$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-image.digest")"
  export BASE_DIGEST
  use_container_engine
  # The running container's file system, as the engine exports it.
  export ROOTFS="$E2E/rootfs"
  mkdir -p "$ROOTFS"
  "$ENGINE" export "$CONTAINER" | tar -x -C "$ROOTFS" app
}

teardown_file() {
  LOCAL_REGISTRY_DIR="$E2E/central" "$SCRIPTS_DIR/local-registry.sh" stop >/dev/null 2>&1 || true
  local pid_file
  for pid_file in "$E2E"/proxy-*/nginx.pid; do
    [[ ! -f "$pid_file" ]] || kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  local name
  for name in "$CONTAINER" e2e-aot e2e-nocache e2e-variant e2e-same-name e2e-flags e2e-featured e2e-rebased e2e-variant-rebased; do
    "$SCRIPTS_DIR/run-image.sh" stop --name "$name" >/dev/null 2>&1 || true
  done
  [[ -z "${ENGINE:-}" ]] || "$ENGINE" rm -f e2e-docker-build >/dev/null 2>&1 || true
  "$SCRIPTS_DIR/local-registry.sh" stop >/dev/null 2>&1 || true
  if [[ -f "$E2E/runner-dir" ]]; then
    kill "$(cat "$(cat "$E2E/runner-dir")/podman-service.pid")" 2>/dev/null || true
    rm -rf "$(cat "$E2E/runner-dir")"
  fi
}

# jib_build DIR TAG [MAVEN ARGS...]: builds DIR's image into the e2e registry as <repo>:TAG;
# Maven's output (the extension's decisions among it) is the function's output.
jib_build() {
  local dir="$1" tag="$2"
  shift 2
  (cd "$dir" && ./mvnw -B compile jib:build -Dplatform.registry="$REG" -Dplatform.registry.insecure=true \
    -Dplatform.image="$REG/$ORG/$(basename "$dir"):$tag" "$@")
}

# own_layers REPO DIGEST: the layers of an image that the base does not have.
own_layers() {
  grep -v -F -f <(image_layers "$REG" "$ORG/micronaut-base" "$BASE_DIGEST" | cut -d' ' -f1) \
    <(image_layers "$REG" "$1" "$2")
}

# image_config REPO TAG|DIGEST: the image config (JSON) of an image in the e2e registry.
image_config() { registry_image_config "$REG" "$1" "$2"; }

# image_label REPO TAG|DIGEST LABEL: a label of an image in the e2e registry, empty if it has none.
image_label() { registry_image_label "$REG" "$1" "$2" "$3"; }

# run_service NAME IMAGE [ENV=VALUE...]: starts IMAGE as container NAME on a free port, which it
# prints, and waits for /health; the container's output is in "$E2E/NAME.log" afterwards.
run_service() {
  local name="$1" image="$2" port env=()
  shift 2
  port="$(free_port)"
  for kv in "MICRONAUT_SERVER_PORT=$port" "$@"; do env+=(--env "$kv"); done
  "$SCRIPTS_DIR/run-image.sh" start "$image" --name "$name" "${env[@]}" >/dev/null
  if ! wait_for_url "http://127.0.0.1:$port/health" 60; then
    "$SCRIPTS_DIR/run-image.sh" logs --name "$name" >"$E2E/$name.log" 2>&1 || true
    "$SCRIPTS_DIR/run-image.sh" stop --name "$name" >/dev/null 2>&1 || true
    echo "$name did not answer /health; log: $E2E/$name.log" >&2
    return 1
  fi
  echo "$port"
}

# stop_service NAME: keeps the container's output in "$E2E/NAME.log", then removes it.
stop_service() {
  "$SCRIPTS_DIR/run-image.sh" logs --name "$1" >"$E2E/$1.log" 2>&1 || true
  "$SCRIPTS_DIR/run-image.sh" stop --name "$1" >/dev/null
}

# Class loading as the JVM reports it; AOTMode=on refuses to start without the cache.
CLASS_LOAD_LOG="JDK_JAVA_OPTIONS=-Xlog:class+load=info:stdout"

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

# layer_files REPO DIGEST: the paths inside one layer blob.
layer_files() {
  curl -fsS "http://$REG/v2/$1/blobs/$2" | tar -tzf -
}

@test "quickstart exits 0; its last line reports the image, own bytes under 1 MB, HTTP 200 and the start-up time" {
  run tail -n 1 "$E2E/quickstart.log"
  echo "$output"
  [[ "$output" =~ ^quickstart:\ ok\ image=127\.0\.0\.1:$REG_PORT/$ORG/demo:0\.1\.0-SNAPSHOT\ own_bytes=([0-9]+)\ base_bytes=([0-9]+)\ http_status=200\ startup_ms=[0-9]+$ ]]
  ((BASH_REMATCH[1] > 0 && BASH_REMATCH[1] < 1000000))
  ((BASH_REMATCH[2] > 10 * BASH_REMATCH[1]))
}

@test "GET /api/info answers 200 with the service's JSON" {
  run curl -sS --max-time 10 -w '\n%{http_code}' "http://127.0.0.1:$PORT/api/info"
  [ "${lines[1]}" = 200 ]
  [ "$(jq -r .service <<<"${lines[0]}")" = demo ]
  [ "$(jq -r .message <<<"${lines[0]}")" = "Hello from demo" ]
}

@test "POST /api/greetings validates its body: blank name is 400 naming the field, valid is 201" {
  run curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d '{"name":"  "}' "http://127.0.0.1:$PORT/api/greetings"
  [ "${lines[1]}" = 400 ]
  [[ "${lines[0]}" == *"name"*"must not be blank"* ]]
  run curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d '{"name":"Ada"}' "http://127.0.0.1:$PORT/api/greetings"
  [ "${lines[1]}" = 201 ]
  [ "$(jq -r .message <<<"${lines[0]}")" = "Hello, Ada!" ]
}

@test "health is UP and the declarative client reaches the service through HTTP" {
  run curl -fsS --max-time 10 "http://127.0.0.1:$PORT/health"
  [ "$(jq -r .status <<<"$output")" = UP ]
  run curl -fsS --max-time 10 "http://127.0.0.1:$PORT/api/relay"
  [ "$(jq -r .service <<<"$output")" = demo ]
}

@test "the HTML page, rendered by headless Chromium, has the heading in its DOM (screenshot kept)" {
  need_cmd chromium chromium
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --user-data-dir="$E2E/chromium-profile")
  run timeout 120 chromium "${flags[@]}" --dump-dom "http://127.0.0.1:$PORT/"
  [[ "$output" == *'<h1 id="service-name">demo</h1>'* ]]
  rm -f "$E2E/home.png"
  timeout 120 chromium "${flags[@]}" --window-size=1024,640 --screenshot="$E2E/home.png" "http://127.0.0.1:$PORT/" 2>/dev/null
  [ -s "$E2E/home.png" ]
  [ "$(head -c 8 "$E2E/home.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
}

@test "the process inside the container runs as a non-root user" {
  pid="$("$ENGINE" inspect --format '{{.State.Pid}}' "$CONTAINER")"
  run awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status"
  [ "$output" = "1000 1000 1000 1000" ]
}

@test "the base image carries its labels, a non-root user and its jar list as a file" {
  config="$(image_config "$ORG/micronaut-base" "$BASE_DIGEST")"
  [ "$(jq -r '.config.Labels["org.opencontainers.image.version"]' <<<"$config")" = "$VERSION" ]
  [ "$(jq -r '.config.Labels["org.opencontainers.image.revision"]' <<<"$config")" = "$(git -C "$REPO_ROOT" rev-parse HEAD)" ]
  [[ "$(jq -r '.config.Labels["org.opencontainers.image.source"]' <<<"$config")" == https://* ]]
  [ "$(jq -r .config.User <<<"$config")" = 1000:1000 ]
  list_layer="$(image_layers "$REG" "$ORG/micronaut-base" "$BASE_DIGEST" | tail -n 1 | cut -d' ' -f1)"
  curl -fsS "http://$REG/v2/$ORG/micronaut-base/blobs/$list_layer" | tar -xzOf - opt/mnplatform/base-jars.properties >"$E2E/base-jars.properties"
  cmp "$E2E/base-jars.properties" "$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties"
  [ "$(grep -c '^/app/libs/.*\.jar=[0-9a-f]\{64\}$' "$E2E/base-jars.properties")" -gt 40 ]
}

@test "publishing the base to a remote registry without credentials stops before any build work" {
  HOME="$BATS_TEST_TMPDIR" DOCKER_CONFIG="" GHCR_TOKEN="" GITHUB_TOKEN="" REGISTRY_PASSWORD="" \
    run "$SCRIPTS_DIR/build-base.sh" --registry ghcr.io --skip-install
  [ "$status" -ne 0 ]
  [[ "$output" == *"no credentials for ghcr.io: set GHCR_TOKEN"*"Nothing was built."* ]]
  [[ "$output" != *"building"* ]]
}

@test "base-image.yml's publication as GitHub's runner user (uid 1001, not the image's 1000): the cache trained and taken over, the snapshot deployed" {
  # Outside the checkout, whose parents the runner's uid may not enter; teardown_file removes it.
  RUNNER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/runner.XXXXXX")"
  echo "$RUNNER_DIR" >"$E2E/runner-dir"
  runner_workspace "$RUNNER_DIR"
  runner_engine "$RUNNER_DIR" >"$RUNNER_DIR/podman-service.pid"
  maven="$RUNNER_DIR/maven-repo"
  # As the workflow runs it, with the e2e registry for GHCR and a file:// repository for GitHub
  # Packages. Another owner than the e2e base's: this run trains anew and pushes another digest.
  # The base's cache only (base.aot.profiles empty): one training run shows what the uid does.
  run --separate-stderr as_runner CONTAINER_HOST="unix://$RUNNER_DIR/podman.sock" MAVEN_ARGS=-Dbase.aot.profiles= \
    "$RUNNER_DIR/repo/scripts/release.sh" --snapshot --tag sha-0123abc --registry "$REG" --org runner-e2e \
    --maven-repository "file://$maven"
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  [[ "$stderr" == *"AOTCache creation is complete"* ]]
  [[ "$output" == "$REG/runner-e2e/micronaut-base:$VERSION@sha256:"* ]]
  digest="${output#*@}"
  # The cache is the job's own file, readable by all; the container's training directory is gone.
  caches=("$(runner_home)"/.cache/mnplatform/aot/*/base.aot)
  [ "${#caches[@]}" -eq 1 ]
  [ "$(stat -c '%u %a' "${caches[0]}")" = "$RUNNER_UID 644" ]
  [ -z "$(find "$RUNNER_DIR/repo/base-image/target/aot" -maxdepth 1 -type d -name 'training.*')" ]
  while read -r layer _; do
    layer_files runner-e2e/micronaut-base "$layer"
  done < <(image_layers "$REG" runner-e2e/micronaut-base "$digest") | grep -q -x 'opt/mnplatform/aot/base.aot'
  [ "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REG/runner-e2e/micronaut-base:sha-0123abc")" = "$digest" ]
  # What a service on the snapshot resolves: the jar list naming that digest, the BOM, the tiles.
  group="$maven/io/github/mnplatform"
  for a in platform platform-bom platform-core micronaut-tile jib-tile jib-base-extension platform-maven-plugin service-template; do
    [ -f "$group/$a/$VERSION/maven-metadata.xml" ] || { echo "not deployed: $a"; false; }
  done
  list="$(find "$group/micronaut-base/$VERSION" -name 'micronaut-base-*.jar')"
  [ "$(unzip -p "$list" META-INF/mnplatform/base-image.digest)" = "$digest" ]
}

@test "the service image is the base image's layers plus its own, and its own are under 1 MB" {
  digest="$(cat "$DEMO/target/jib-image.digest")"
  base="$(image_layers "$REG" "$ORG/micronaut-base" "$BASE_DIGEST")"
  service="$(image_layers "$REG" "$ORG/demo" "$digest")"
  n="$(wc -l <<<"$base")"
  [ "$(head -n "$n" <<<"$service")" = "$base" ]
  own="$(tail -n +"$((n + 1))" <<<"$service" | awk '{ t += $2 } END { print t + 0 }')"
  echo "own bytes: $own"
  ((own > 0 && own < 1000000))
}

@test "the image's classpath is Maven's runtime classpath, jar for jar, byte for byte; the base's first" {
  (cd "$DEMO" && ./mvnw -B -q dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile="$E2E/maven-classpath.txt")
  tr ':' '\n' <"$E2E/maven-classpath.txt" >"$E2E/maven-jars.txt"
  tr ':' '\n' <"$ROOTFS/app/jib-classpath-file" | grep '^/app/libs/' >"$E2E/image-jars.txt"
  diff <(xargs -n1 basename <"$E2E/maven-jars.txt" | sort) <(xargs -n1 basename <"$E2E/image-jars.txt" | sort)
  while read -r jar; do
    cmp "$jar" "$ROOTFS/app/libs/$(basename "$jar")"
  done <"$E2E/maven-jars.txt"
  [ "$(wc -l <"$E2E/image-jars.txt")" -gt 40 ]
  # The base AOT cache's training class path (the common jars, in the base's order) comes first.
  training="$(sed -n 's/^aot\.profile\.base\.classpath=//p' "$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties")"
  [ -n "$training" ]
  [[ "$(cat "$ROOTFS/app/jib-classpath-file")" == "$training:/app/resources:/app/classes"* ]]
}

@test "the demo starts from the base's AOT cache: the JVM says so, and refuses to start without it" {
  [ "$(image_label "$ORG/demo" "$(cat "$DEMO/target/jib-image.digest")" io.github.mnplatform.aot)" = base ]
  [ -z "$(image_label "$ORG/micronaut-base" "$BASE_DIGEST" io.github.mnplatform.aot)" ]
  run_service e2e-aot "$REG/$ORG/demo:0.1.0-SNAPSHOT" \
    "JDK_JAVA_OPTIONS=-XX:AOTMode=on -Xlog:class+load=info:stdout"
  stop_service e2e-aot
  from_cache="$(grep -c 'source: shared objects file' "$E2E/e2e-aot.log")"
  echo "classes from the AOT cache: $from_cache"
  ((from_cache > 3000))
  grep -q 'io.micronaut.http.server.netty.NettyHttpServer source: shared objects file' "$E2E/e2e-aot.log"
  grep -q 'com.example.demo.Application source: file:/app/classes/' "$E2E/e2e-aot.log"
}

@test "with the cache, the service's own application.yml and logback.xml are the ones in effect" {
  # application.yml: service.name and the port; logback.xml: the template's pattern.
  run curl -fsS --max-time 10 "http://127.0.0.1:$PORT/api/info"
  [ "$(jq -r .message <<<"$output")" = "Hello from demo" ]
  "$SCRIPTS_DIR/run-image.sh" logs --name "$CONTAINER" >"$E2E/demo.log" 2>&1
  grep -E -q '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} \[[^]]+\] INFO  io\.micronaut\.runtime\.Micronaut - Startup completed' "$E2E/demo.log"
}

@test "a JVM that cannot use the cache starts without it" {
  # Another module set than the training run's: the JVM refuses the cache and goes on.
  run_service e2e-nocache "$REG/$ORG/demo:0.1.0-SNAPSHOT" "JDK_JAVA_OPTIONS=--add-modules=jdk.zipfs -Xlog:aot"
  stop_service e2e-nocache
  grep -q 'Mismatched values for property jdk.module.addmods' "$E2E/e2e-nocache.log"
  [ "$(grep -c 'source: shared objects file' "$E2E/e2e-nocache.log" || true)" -eq 0 ]
}

@test "two builds from the same sources give the same digest" {
  first="$(cat "$DEMO/target/jib-image.digest")"
  (cd "$DEMO" && ./mvnw -B -q clean)
  jib_build "$DEMO" 0.1.0-SNAPSHOT
  [ "$(cat "$DEMO/target/jib-image.digest")" = "$first" ]
}

@test "after a one-line code change only the classes layer differs" {
  rm -rf "$E2E/demo-changed" && cp -r "$DEMO" "$E2E/demo-changed" && rm -rf "$E2E/demo-changed/target"
  sed -i 's/"Hello from "/"Hi from "/' "$E2E/demo-changed/src/main/java/com/example/demo/InfoController.java"
  jib_build "$E2E/demo-changed" changed -Dplatform.image="$REG/$ORG/demo:changed"
  before="$(image_layers "$REG" "$ORG/demo" "$(cat "$DEMO/target/jib-image.digest")")"
  after="$(image_layers "$REG" "$ORG/demo" "$(cat "$E2E/demo-changed/target/jib-image.digest")")"
  changed="$(grep -v -F -x -f <(echo "$before") <<<"$after")"
  echo "changed layers: $changed"
  [ "$(wc -l <<<"$changed")" -eq 1 ]
  run layer_files "$ORG/demo" "${changed%% *}"
  [[ "$output" == *"app/classes/com/example/demo/InfoController.class"* ]]
  [ "$(grep -c 'app/libs/' <<<"$output")" -eq 0 ]
  ((${changed##* } < 50000))
}

@test "the demo, which uses no feature tile, has none of the features' jars of the base on its class path" {
  list="$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties"
  features="$(sed -n 's/^feature\.[^=]*=//p' "$list" | tr ':' '\n' | grep -v '^$')"
  [ "$(wc -l <<<"$features")" -gt 10 ]
  classpath="$(tr ':' '\n' <"$ROOTFS/app/jib-classpath-file")"
  [ -z "$(grep -x -F -f <(echo "$features") <<<"$classpath")" ]
  [ "$(image_label "$ORG/demo" "$(cat "$DEMO/target/jib-image.digest")" io.github.mnplatform.aot)" = base ]
}

@test "a service with every feature tile pushes only its own bytes: the features' jars and its JDBC driver come from the base" {
  rm -rf "$E2E/work/featured"
  (cd "$E2E/work" && "$REPO_ROOT/mvnw" -B -q archetype:generate -DarchetypeGroupId=io.github.mnplatform \
    -DarchetypeArtifactId=service-template -DarchetypeVersion="$VERSION" -DgroupId=com.example \
    -DartifactId=featured -Dpackage=com.example.featured -Dfeatures=data-jdbc,flyway,security-jwt,openapi,micrometer)
  run jib_build "$E2E/work/featured" 1
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"of them shared by features: {data-jdbc="*"micrometer="* ]]
  # The template's driver, H2, is in the base's group of its own dependencies.
  list="$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties"
  grep -q '^feature\.shared=.*/app/libs/h2-[^:]*\.jar' "$list"
  digest="$(cat "$E2E/work/featured/target/jib-image.digest")"
  own_files="" own_bytes=0
  while read -r layer size; do
    own_files+="$(layer_files "$ORG/featured" "$layer")"$'\n'
    own_bytes=$((own_bytes + size))
  done < <(own_layers "$ORG/featured" "$digest")
  echo "own files: $own_files; own bytes: $own_bytes"
  [ "$(grep -c '^app/libs/.*\.jar$' <<<"$own_files" || true)" -eq 0 ]
  grep -q '^app/classes/' <<<"$own_files"
  [ "$own_bytes" -lt 1000000 ]
}

# feature_classes_from_cache LOG: per feature, how many of its classes the JVM took from the AOT cache.
feature_classes_from_cache() {
  local feature package
  for feature in data-jdbc:io.micronaut.data flyway:org.flywaydb.core micrometer:io.micrometer.core \
    security-jwt:io.micronaut.security; do
    package="${feature#*:}"
    echo "${feature%%:*} $(grep -F " $package." "$1" | grep -c -F 'source: shared objects file' || true)"
  done
}

@test "a service with every feature tile starts from the base's full AOT cache: the features' framework classes come from it" {
  digest="$(cat "$E2E/work/featured/target/jib-image.digest")"
  [ "$(image_label "$ORG/featured" "$digest" io.github.mnplatform.aot)" = full ]
  port="$(run_service e2e-featured "$REG/$ORG/featured:1" "JDK_JAVA_OPTIONS=-XX:AOTMode=on -Xlog:class+load=info:stdout")"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]
  stop_service e2e-featured
  run feature_classes_from_cache "$E2E/e2e-featured.log"
  echo "$output"
  while read -r feature count; do
    ((count > 10)) || { echo "$feature: $count classes from the cache"; false; }
  done <<<"$output"
  grep -q 'com.example.featured.Application source: file:/app/classes/' "$E2E/e2e-featured.log"
}

@test "a featured service that overrides a jar of the full cache falls back to the data cache, says why, and runs its own bytes" {
  patched="$E2E/work/featured-patched"
  rm -rf "$patched" && cp -r "$E2E/work/featured" "$patched" && rm -rf "$patched/target"
  # nimbus-jose-jwt 10.10 instead of the 10.5 that security-jwt brings (and the full cache was trained on).
  sed -i 's#  <dependencies>#  <dependencies>\n    <dependency>\n      <groupId>com.nimbusds</groupId>\n      <artifactId>nimbus-jose-jwt</artifactId>\n      <version>10.10</version>\n    </dependency>#' "$patched/pom.xml"
  # In an organisation of its own: the fleet tests below read $ORG's services.
  repository=e2e-patched/featured
  run jib_build "$patched" 1 -Dplatform.image="$REG/$repository:1"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"platform AOT cache: data: starts from the base image's AOT cache /opt/mnplatform/aot/data.aot"*"; not full: the service does not run 1 of its jars"*"nimbus-jose-jwt-"* ]]
  digest="$(cat "$patched/target/jib-image.digest")"
  [ "$(image_label "$repository" "$digest" io.github.mnplatform.aot)" = data ]
  files=""
  while read -r layer _; do
    files+="$(layer_files "$repository" "$layer")"$'\n'
  done < <(own_layers "$repository" "$digest")
  grep -q -x 'app/libs/nimbus-jose-jwt-10.10.jar' <<<"$files"
  run_service e2e-featured-patched "$REG/$repository:1" "JDK_JAVA_OPTIONS=-XX:AOTMode=on -Xlog:class+load=info:stdout" >/dev/null
  stop_service e2e-featured-patched
  run feature_classes_from_cache "$E2E/e2e-featured-patched.log"
  echo "$output"
  grep -q -x 'data-jdbc [1-9][0-9]*' <<<"$output"
  grep -q -x 'security-jwt 0' <<<"$output"
}

@test "a service that overrides a common jar and adds its own ships exactly those in its own layers" {
  variant="$E2E/variant"
  rm -rf "$variant" && cp -r "$DEMO" "$variant" && rm -rf "$variant/target"
  # snakeyaml 2.3 instead of the platform's 2.4, and commons-lang3, which the base lacks.
  sed -i 's#  <build>#  <dependencies>\n    <dependency>\n      <groupId>org.yaml</groupId>\n      <artifactId>snakeyaml</artifactId>\n      <version>2.3</version>\n    </dependency>\n    <dependency>\n      <groupId>org.apache.commons</groupId>\n      <artifactId>commons-lang3</artifactId>\n      <version>3.17.0</version>\n    </dependency>\n  </dependencies>\n\n  <build>#' "$variant/pom.xml"
  jib_build "$variant" 1
  digest="$(cat "$variant/target/jib-image.digest")"
  files=""
  while read -r layer _; do
    files+="$(layer_files "$ORG/variant" "$layer")"$'\n'
  done < <(own_layers "$ORG/variant" "$digest")
  echo "$files"
  grep -q -x 'app/libs/snakeyaml-2.3.jar' <<<"$files"
  grep -q -x 'app/libs/commons-lang3-3.17.0.jar' <<<"$files"
  [ "$(grep -c '^app/libs/.*\.jar$' <<<"$files")" -eq 2 ]
  classpath="$(file_in_image "$ORG/variant" "$digest" app/jib-classpath-file)"
  [[ "$classpath" == *"/app/libs/snakeyaml-2.3.jar"* ]]
  [[ "$classpath" != *"snakeyaml-2.4.jar"* ]]
  [[ "$classpath" == *"/app/libs/commons-lang3-3.17.0.jar"* ]]
}

@test "a service that overrides snakeyaml is labelled off, says why, and loads its own snakeyaml" {
  digest="$(cat "$E2E/variant/target/jib-image.digest")"
  [ "$(image_label "$ORG/variant" "$digest" io.github.mnplatform.aot)" = off ]
  run jib_build "$E2E/variant" 1
  [[ "$output" == *"platform AOT cache: off: cache base: the service does not run 1 of its jars"*"snakeyaml-2.4.jar"* ]]
  run_service e2e-variant "$REG/$ORG/variant:1" "$CLASS_LOAD_LOG"
  stop_service e2e-variant
  grep -q 'org.yaml.snakeyaml.Yaml source: file:/app/libs/snakeyaml-2.3.jar' "$E2E/e2e-variant.log"
}

@test "a service whose jar has a base jar's name but other bytes is labelled off and runs its own bytes" {
  # snakeyaml 2.4 rebuilt with one more file: same file name as the base's, other bytes.
  fake="$E2E/fake-snakeyaml"
  rm -rf "$fake" && mkdir -p "$fake"
  cp "$(platform_property settings.localRepository)/org/yaml/snakeyaml/2.4/snakeyaml-2.4.jar" "$fake/snakeyaml-2.4.jar"
  echo "rebuilt here" >"$fake/REBUILT.txt"
  (cd "$fake" && "$(find_jdk25)/bin/jar" uf snakeyaml-2.4.jar REBUILT.txt)
  (cd "$DEMO" && ./mvnw -B -q install:install-file -Dfile="$fake/snakeyaml-2.4.jar" \
    -DgroupId=org.example.rebuilt -DartifactId=snakeyaml -Dversion=2.4 -Dpackaging=jar)
  sameName="$E2E/same-name"
  rm -rf "$sameName" && cp -r "$DEMO" "$sameName" && rm -rf "$sameName/target"
  sed -i 's#  <build>#  <dependencies>\n    <dependency>\n      <groupId>org.yaml</groupId>\n      <artifactId>snakeyaml</artifactId>\n      <scope>provided</scope>\n    </dependency>\n    <dependency>\n      <groupId>org.example.rebuilt</groupId>\n      <artifactId>snakeyaml</artifactId>\n      <version>2.4</version>\n    </dependency>\n  </dependencies>\n\n  <build>#' "$sameName/pom.xml"
  run jib_build "$sameName" 1
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"platform AOT cache: off: cache base: the service has other bytes than the base under the same name: snakeyaml-2.4.jar"* ]]
  digest="$(cat "$sameName/target/jib-image.digest")"
  [ "$(image_label "$ORG/same-name" "$digest" io.github.mnplatform.aot)" = off ]
  file_in_image "$ORG/same-name" "$digest" app/libs/snakeyaml-2.4.jar >"$fake/in-image.jar"
  cmp "$fake/snakeyaml-2.4.jar" "$fake/in-image.jar"
  run_service e2e-same-name "$REG/$ORG/same-name:1" "$CLASS_LOAD_LOG"
  stop_service e2e-same-name
  grep -q 'org.yaml.snakeyaml.Yaml source: file:/app/libs/snakeyaml-2.4.jar' "$E2E/e2e-same-name.log"
  [ "$(grep -c 'source: shared objects file' "$E2E/e2e-same-name.log" || true)" -eq 0 ]
}

@test "jib:dockerBuild loads the demo into the local engine, which runs it (no extra flag)" {
  run bash -c "cd '$DEMO' && ./mvnw -B compile jib:dockerBuild -Djib.to.image=localhost/x/demo:1 \
    -Dplatform.registry='$REG' -Dplatform.registry.insecure=true"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"container engine for jib:dockerBuild: $(basename "$ENGINE")"* ]]
  port="$(free_port)"
  "$ENGINE" run --detach --rm --name e2e-docker-build --network host --env "MICRONAUT_SERVER_PORT=$port" localhost/x/demo:1
  wait_for_url "http://127.0.0.1:$port/health" 60 || { "$ENGINE" logs e2e-docker-build; "$ENGINE" rm -f e2e-docker-build; false; }
  run curl -fsS "http://127.0.0.1:$port/health"
  "$ENGINE" rm -f e2e-docker-build >/dev/null
  "$ENGINE" rmi localhost/x/demo:1 >/dev/null
  [ "$(jq -r .status <<<"$output")" = UP ]
}

@test "a base without the service's jars fails jib:build with the drift message" {
  jre_digest="$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$REG/v2/platform/jre/manifests/25" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')"
  [[ "$jre_digest" == sha256:* ]]
  run jib_build "$DEMO" drift -Dplatform.base.image="$REG/platform/jre@$jre_digest"
  [ "$status" -ne 0 ]
  [[ "$output" == *"base image drift"* ]]
  [[ "$output" == *"micronaut-http-server-netty-"* ]]
  [[ "$output" == *"scripts/pull-base.sh $VERSION"* ]]
}

@test "a base of another platform version fails jib:build with the drift message" {
  run jib_build "$DEMO" drift -Dplatform.base.image="$REG/$ORG/micronaut-base:0.0.9"
  [ "$status" -ne 0 ]
  [[ "$output" == *"base image drift"*"platform $VERSION"* ]]
}

@test "pull-base: with the central registry unreachable it builds the base here, says so, prints the digest: the same as the first build's; a registry token never shows" {
  token="e2e-token-$RANDOM$RANDOM"
  GHCR_TOKEN="$token" REGISTRY_USERNAME=ci run "$SCRIPTS_DIR/pull-base.sh" --central "127.0.0.1:$(free_port)/$ORG" --registry "$REG"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"the central registry cannot give"* ]]
  [[ "$output" == *"built locally, not pulled"* ]]
  # A second build of the same sources: the same digest as the quickstart's.
  [ "${lines[-1]}" = "$REG/$ORG/micronaut-base:$VERSION@$BASE_DIGEST" ]
  [[ "$output" == *"token from the environment (not shown)"* ]]
  [[ "$output" != *"$token"* ]]
  [[ "$output" != *"$(printf 'ci:%s' "$token" | base64 -w0)"* ]]
}

@test "pull-base: with the tag in the central registry it pulls it, with the source's digest" {
  central_port="$(free_port)"
  LOCAL_REGISTRY_DIR="$E2E/central" "$SCRIPTS_DIR/local-registry.sh" start --port "$central_port"
  skopeo --policy "$(skopeo_policy_file "$E2E")" copy --quiet --preserve-digests --src-tls-verify=false \
    --dest-tls-verify=false "docker://$REG/$ORG/micronaut-base:$VERSION" \
    "docker://127.0.0.1:$central_port/$ORG/micronaut-base:$VERSION"
  run "$SCRIPTS_DIR/pull-base.sh" --central "127.0.0.1:$central_port/$ORG" --registry "$REG"
  LOCAL_REGISTRY_DIR="$E2E/central" "$SCRIPTS_DIR/local-registry.sh" stop
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"pulled from the central registry"* ]]
  [ "${lines[-1]}" = "$REG/$ORG/micronaut-base:$VERSION@$BASE_DIGEST" ]
}

@test "pull-base: a version that is in no registry and no tag is refused, naming both" {
  run "$SCRIPTS_DIR/pull-base.sh" --central "127.0.0.1:$(free_port)/$ORG" --registry "$REG" 9.9.9
  [ "$status" -ne 0 ]
  [[ "$output" == *"version 9.9.9 is neither in 127.0.0.1:"*"nor a tag (v9.9.9) of this repository"* ]]
}

# --- What runs where: the SBOMs in the images and scripts/fleet.sh over this registry ---

@test "the base image carries a CycloneDX SBOM of its jars, with purls and SHA-256, naming its Java runtime" {
  file_in_image "$ORG/micronaut-base" "$BASE_DIGEST" opt/mnplatform/sbom/base.cdx.json >"$E2E/base.cdx.json"
  [ "$(jq -r .bomFormat "$E2E/base.cdx.json")" = CycloneDX ]
  purl="$(jq -r '.components[] | select(.name == "micronaut-http-server-netty") | .purl' "$E2E/base.cdx.json")"
  [[ "$purl" == pkg:maven/io.micronaut/micronaut-http-server-netty@4.* ]]
  # Every jar of the base is in it, each with a SHA-256.
  jars="$(grep -c '^/app/libs/.*\.jar=' "$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties")"
  [ "$(jq '[.components[] | select(.hashes | any(.alg == "SHA-256"))] | length' "$E2E/base.cdx.json")" -eq "$jars" ]
  [ "$(jq -r '.metadata.component.externalReferences[0].url' "$E2E/base.cdx.json")" = "docker://$REG/platform/jre:25" ]
}

@test "the demo image carries its own SBOM in its own layers: its whole runtime class path, no test jars" {
  digest="$(cat "$DEMO/target/jib-image.digest")"
  file_in_image "$ORG/demo" "$digest" opt/mnplatform/sbom/service.cdx.json >"$E2E/demo.cdx.json"
  jq -e '.components[] | select(.purl | startswith("pkg:maven/io.micronaut/micronaut-http-server-netty@"))' "$E2E/demo.cdx.json" >/dev/null
  # Jar for jar what Maven runs (the image's class path is checked against Maven in e2e.bats).
  (cd "$DEMO" && ./mvnw -B -q dependency:list -DincludeScope=runtime -DoutputFile="$E2E/maven-runtime.txt" -DoutputAbsoluteArtifactFilename=false)
  maven="$(grep -Eo '[^ ]+:[^ ]+:jar:[^ :]+' "$E2E/maven-runtime.txt" | awk -F: '{ print $1 ":" $2 ":" $4 }' | sort -u)"
  sbom="$(jq -r '.components[] | "\(.group):\(.name):\(.version)"' "$E2E/demo.cdx.json" | sort -u)"
  diff <(echo "$maven") <(echo "$sbom")
  [ "$(grep -c junit <<<"$sbom" || true)" -eq 0 ]
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
  # every service image of this file's registry runs it (same-name: a rebuilt snakeyaml only)
  [ "$(jq -r '[.images[].repository] | unique | join(" ")' <<<"$output")" = "$ORG/demo $ORG/featured $ORG/same-name $ORG/variant" ]
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
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --html "$E2E/fleet.html"
  [ "$status" -eq 0 ]
  [ "$(grep -E -c '<script|src=|href=' "$E2E/fleet.html" || true)" -eq 0 ]
  run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$E2E/chromium-profile" --dump-dom "file://$E2E/fleet.html"
  [[ "$output" == *"<td>$ORG/demo</td>"* ]]
  [[ "$output" == *"<h1>What runs where</h1>"* ]]
}

@test "fleet.sh --repositories reads the repositories named instead of the catalog" {
  printf '# as the GitHub packages API lists them for GHCR\n%s\n' "$ORG/variant" >"$E2E/repositories.txt"
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json --repositories "$E2E/repositories.txt"
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

@test "fleet.sh --suggest lists the jars the services add to the newest base, with their bytes, tile and the base's unused jars" {
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json --suggest --min-share 0.01
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  echo "$output"
  [ "$(jq -r .newestBase <<<"$output")" = "$VERSION" ]
  [ "$(jq -r .baseDigest <<<"$output")" = "$BASE_DIGEST" ]
  [ "$(jq -r .grouped <<<"$output")" = true ]
  # One service per repository: the demo once, whatever its tags.
  [ "$(jq -r '[.services[] | select(. == "'"$ORG"'/demo")] | length' <<<"$output")" = 1 ]
  for service in featured variant same-name; do
    jq -e --arg s "$ORG/$service" '.services | index($s)' <<<"$output" >/dev/null
  done
  # The variant's own commons-lang3: no tile brings it, one copy, its size from the image.
  lang="$(jq -c '.suggested[] | select(.jar == "org.apache.commons:commons-lang3:3.17.0")' <<<"$output")"
  echo "commons-lang3: $lang"
  [ "$(jq -r .tile <<<"$lang")" = "no tile" ]
  [ "$(jq -c .services <<<"$lang")" = "[\"$ORG/variant\"]" ]
  [ "$(jq -r .copies <<<"$lang")" = 1 ]
  [ "$(jq -r .savedBytes <<<"$lang")" = 0 ]
  variant="$(cat "$E2E/variant/target/jib-image.digest")"
  [ "$(jq -r .bytes <<<"$lang")" = "$(file_in_image "$ORG/variant" "$variant" app/libs/commons-lang3-3.17.0.jar | wc -c)" ]
  [ "$(jq -r .ownBytes <<<"$lang")" = "$(jq -r .bytes <<<"$lang")" ]
  # The JDBC driver the featured service runs is the base's: never suggested.
  [ "$(jq '[.suggested[] | select(.artifact == "h2")] | length' <<<"$output")" = 0 ]
  # snakeyaml 2.3, whose 2.4 is in the common set.
  yaml="$(jq -c '.suggested[] | select(.jar == "org.yaml:snakeyaml:2.3")' <<<"$output")"
  [ "$(jq -r .tile <<<"$yaml")" = common ]
  [ "$(jq -r .baseVersion <<<"$yaml")" = 2.4 ]
  # What the base holds is never suggested.
  [ "$(jq '[.suggested[] | select(.artifact == "micronaut-http-server-netty" or .jar == "org.yaml:snakeyaml:2.4")] | length' <<<"$output")" = 0 ]
  # The base's unused jars are jars of its list, under a tile it names or the common set, and nobody runs them.
  list="$REPO_ROOT/base-image/target/base-image-meta/META-INF/mnplatform/base-jars.properties"
  tiles=" common $(sed -n 's/^features=//p' "$list" | tr ',' ' ') "
  while IFS=$'\t' read -r tile path jar; do
    grep -q "^$path=" "$list"
    [[ "$tiles" == *" $tile "* ]]
    run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json --with "$jar"
    [ "$(jq '.images | length' <<<"$output")" = 0 ] || { echo "$jar: $output"; false; }
  done < <(jq -r '.unusedBaseJars[] | select(.jar != null) | [.tile, .path, .jar] | @tsv' <<<"$output" | head -n 3)
}

@test "fleet.sh --suggest: one service of four is under the default share; the page renders in headless Chromium" {
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --suggest --json
  [ "$status" -eq 0 ]
  [ "$(jq -r .minShare <<<"$output")" = 0.5 ]
  [ "$(jq '[.suggested[] | select(.artifact == "h2" or .artifact == "commons-lang3")] | length' <<<"$output")" = 0 ]
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --suggest --min-share 0.01
  [ "$status" -eq 0 ]
  [[ "${lines[1]}" == "tile "*"jar "*"saved" ]]
  [[ "$output" == *"# jars of the base $VERSION that no service runs"* ]]
  need_cmd chromium chromium
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --suggest --min-share 0.01 --html "$E2E/fleet-suggest.html"
  [ "$status" -eq 0 ]
  [ "$(grep -E -c '<script|src=|href=' "$E2E/fleet-suggest.html" || true)" -eq 0 ]
  run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$E2E/chromium-profile" --dump-dom "file://$E2E/fleet-suggest.html"
  [[ "$output" == *"<h1>What to share</h1>"* ]]
  [[ "$output" == *"<td>org.apache.commons:commons-lang3:3.17.0"* ]]
}

@test "fleet.sh --suggest refuses a bad share (exit 2), and a registry without the organisation's base or one that does not answer (exit 1)" {
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --suggest --min-share 1.5
  [ "$status" -eq 2 ]
  [[ "$output" == *"--min-share '1.5': give the share of services as a fraction greater than 0 and at most 1"*"--help"* ]]
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --suggest --org nobody-here
  [ "$status" -eq 1 ]
  [[ "$output" == *"ERROR: no platform base in $REG: nobody-here/micronaut-base has no tag that is a platform version"* ]]
  run "$SCRIPTS_DIR/fleet.sh" --registry "127.0.0.1:$(free_port)" --suggest
  [ "$status" -eq 1 ]
  [[ "$output" == *"ERROR: no registry answers at http://127.0.0.1:"* ]]
}

@test "the service CI's image: <registry>/<owner>/<artifactId>:<version> and the commit as a second tag" {
  # The properties .github/workflows/service.yml sets, against this registry instead of GHCR.
  owner=acme-e2e
  (cd "$DEMO" && ./mvnw -B -q compile jib:build -Dplatform.registry="$REG" -Dplatform.registry.insecure=true \
    -Dplatform.image.org="$owner" -Djib.to.tags=0123abcd \
    '-Dplatform.image.jvmFlags=-Dmnplatform.e2e=extra -XX:+PrintCommandLineFlags')
  digest="$(cat "$DEMO/target/jib-image.digest")"
  [ "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REG/$owner/demo:0.1.0-SNAPSHOT")" = "$digest" ]
  [ "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REG/$owner/demo:0123abcd")" = "$digest" ]
  # The image the rest of this file reads is the default name's.
  jib_build "$DEMO" 0.1.0-SNAPSHOT >/dev/null
}

@test "service.yml's image step, run as written: the base is pulled with PLATFORM_PACKAGES_TOKEN, the image linked to its repository" {
  need_tools yq htpasswd
  # The base in a registry that wants the platform token, as a private GHCR package does; the
  # service's own GITHUB_TOKEN is not valid there. The image goes to the e2e registry.
  auth="$BATS_TEST_TMPDIR/auth-registry"
  mkdir -p "$auth"
  htpasswd -Bbn ci-bot platform-token >"$auth/htpasswd"
  port="$(free_port)"
  "$SCRIPTS_DIR/local-registry.sh" start --port "$port" --data-dir "$auth" --htpasswd "$auth/htpasswd" >/dev/null
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/")" = 401 ]
  skopeo copy -q --policy "$(skopeo_policy_file "$BATS_TEST_TMPDIR")" --src-tls-verify=false --dest-tls-verify=false \
    --dest-creds ci-bot:platform-token \
    "docker://$REG/$ORG/micronaut-base@$BASE_DIGEST" "docker://127.0.0.1:$port/$ORG/micronaut-base:$VERSION"
  step="$(yq -r '.jobs.image.steps[] | select(.name == "Build and push the image (Jib)") | .run' "$REPO_ROOT/.github/workflows/service.yml")"
  [[ "$step" == *"jib:build"* ]]
  # run_step PLATFORM_TOKEN: the step's script in the demo, with the environment GitHub gives it.
  run_step() {
    (cd "$DEMO" && env PLATFORM_PACKAGES_USER=ci-bot PLATFORM_PACKAGES_TOKEN="$1" \
      REGISTRY_USERNAME=ci-bot REGISTRY_PASSWORD=service-github-token \
      GITHUB_REPOSITORY_OWNER=Acme-CI GITHUB_REPOSITORY=Acme-CI/demo GITHUB_SERVER_URL=https://github.com \
      GITHUB_SHA=0123456789abcdef GITHUB_STEP_SUMMARY="$BATS_TEST_TMPDIR/summary.md" \
      MAVEN_ARGS="-Dplatform.registry=$REG -Dplatform.registry.insecure=true -DsendCredentialsOverHttp=true -Dplatform.base.image=127.0.0.1:$port/$ORG/micronaut-base:$VERSION" \
      bash --noprofile --norc -eo pipefail -c "$step")
  }
  run run_step wrong-token
  refused_status="$status" refused_output="$output"
  run run_step platform-token
  "$SCRIPTS_DIR/local-registry.sh" stop --data-dir "$auth" >/dev/null
  [ "$refused_status" -ne 0 ]
  [[ "$refused_output" == *"127.0.0.1:$port"* && "$refused_output" == *[Uu]nauthorized* ]] || { echo "$refused_output"; false; }
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  grep -q "\`$REG/acme-ci/demo:0.1.0-SNAPSHOT@sha256:" "$BATS_TEST_TMPDIR/summary.md"
  [ "$(image_label acme-ci/demo 0123456789abcdef org.opencontainers.image.source)" = https://github.com/Acme-CI/demo ]
  [ "$(image_config acme-ci/demo 0123456789abcdef | jq -r '.rootfs.diff_ids | length')" -gt 3 ]
}

@test "platform.image.jvmFlags adds to the default JVM flags, and the AOT cache stays in use" {
  run_service e2e-flags "$REG/acme-e2e/demo:0123abcd"
  stop_service e2e-flags
  grep -q -- '-XX:MaxRAMPercentage=75' "$E2E/e2e-flags.log"
  grep -q -- '-XX:+PrintCommandLineFlags' "$E2E/e2e-flags.log"
  entrypoint="$(image_config "acme-e2e/demo" 0123abcd | jq -c .config.Entrypoint)"
  echo "$entrypoint"
  [[ "$entrypoint" == '["java","-XX:AOTCache=/opt/mnplatform/aot/base.aot","--add-modules=java.instrument","-XX:MaxRAMPercentage=75","-Dmnplatform.e2e=extra","-XX:+PrintCommandLineFlags","-cp",'* ]]
}

@test "platform.aot=off builds the demo without the cache: label off, Jib's command unchanged" {
  run jib_build "$DEMO" aot-off -Dplatform.aot=off
  [ "$status" -eq 0 ]
  [[ "$output" == *"platform AOT cache: off: platform.aot=off"* ]]
  [ "$(image_label "$ORG/demo" aot-off io.github.mnplatform.aot)" = off ]
  [[ "$(image_config "$ORG/demo" aot-off | jq -c .config.Entrypoint)" != *AOTCache* ]]
  jib_build "$DEMO" 0.1.0-SNAPSHOT >/dev/null
}

# The next patch release of this version: the base a runtime-only release would publish.
runtime_release() {
  local release="${VERSION%-SNAPSHOT}"
  echo "${release%.*}.$((${release##*.} + 1))"
}

@test "pull-base: a version only in a git tag is built from that tag as that version (its POMs say SNAPSHOT), on the runtime image given" {
  # A runtime-only release: the sources of today's base, released as the next patch version on
  # a new runtime image of the same JRE (Debian 13's libraries instead of Debian 12's).
  run --separate-stderr "$SCRIPTS_DIR/build-offline-jre.sh" --registry "$REG" --debian-suite trixie --image platform/jre:25-trixie
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  # A repository like this one, tagged on a commit whose POMs keep their -SNAPSHOT.
  release="$(runtime_release)"
  tagged="$E2E/tagged"
  rm -rf "$tagged" && mkdir -p "$tagged"
  git -C "$REPO_ROOT" ls-files -z | tar -C "$REPO_ROOT" --null -T - -cf - | tar -C "$tagged" -xf -
  git -C "$tagged" init -q
  git -C "$tagged" add -A
  git -C "$tagged" -c user.name=e2e -c user.email=e2e@example.invalid commit -q -m "main, before the release of $release"
  git -C "$tagged" tag "v$release"
  run --separate-stderr "$tagged/scripts/pull-base.sh" --central "127.0.0.1:$(free_port)/$ORG" --registry "$REG" \
    --jre-image "$REG/platform/jre:25-trixie" "$release"
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  [[ "$stderr" == *"building it from the git tag v$release"* ]]
  [[ "$output" == "$REG/$ORG/micronaut-base:$release@sha256:"* ]]
  [ "$(image_label "$ORG/micronaut-base" "$release" org.opencontainers.image.version)" = "$release" ]
  [ "$(image_label "$ORG/micronaut-base" "$release" org.opencontainers.image.base.name)" = "$REG/platform/jre:25-trixie" ]
  unzip -p "$(platform_property settings.localRepository)/io/github/mnplatform/micronaut-base/$release/micronaut-base-$release.jar" \
    META-INF/mnplatform/base-image.digest | grep -q -x -F "${output#*@}"
  # The tag itself is untouched.
  [ "$(git -C "$tagged" status --porcelain)" = "" ]
}

# --- Rebase: the service images onto the base of a runtime-only release, without a build ---

# tag_digest REPO TAG: the digest the e2e registry names the image REPO:TAG by.
tag_digest() {
  curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/$1/manifests/$2" |
    tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}

@test "fleet.sh --rebase: a version older than an image's own, or one whose base the registry lacks, is refused before anything is pushed" {
  before="$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)"
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --rebase 0.0.1
  [ "$status" -eq 1 ]
  [[ "$output" == *"the platform version 0.0.1 is older than the version of ["*"$ORG/demo:0.1.0-SNAPSHOT ($VERSION)"*"nothing was pushed"* ]]
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --rebase 9.9.9
  [ "$status" -eq 1 ]
  [[ "$output" == *"no base of the platform version 9.9.9 in $REG"*"nothing was pushed"* ]]
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --dry-run
  [ "$status" -eq 2 ]
  [[ "$output" == *"--dry-run goes with --rebase"* ]]
  [ "$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)" = "$before" ]
}

# start_proxy NAME PREFIX DIRECTIVES: nginx on a free port in front of the e2e registry, passing
# /v2/ through, and under the path PREFIX with the nginx DIRECTIVES first; prints its port. Its
# files, access log included, are in "$E2E/proxy-NAME".
start_proxy() {
  local conf="$E2E/proxy-$1" port
  rm -rf "$conf" && mkdir -p "$conf"
  port="$(free_port)"
  printf '%s\n' "user $(id -un);" 'daemon off;' 'master_process off;' "pid $conf/nginx.pid;" \
    "error_log $conf/error.log;" 'events {}' 'http {' "  access_log $conf/access.log;" \
    "  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fastcgi;" \
    "  uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;" \
    "  server {" "    listen 127.0.0.1:$port;" '    client_max_body_size 0;' \
    "    location $2 { $3 proxy_pass http://$REG; proxy_set_header Host \$http_host; }" \
    "    location /v2/ { proxy_pass http://$REG; proxy_set_header Host \$http_host; }" '  }' '}' >"$conf/nginx.conf"
  # Not holding bats' output (fd 3) open: bats would wait for it.
  nginx -p "$conf" -c "$conf/nginx.conf" -e "$conf/error.log" >/dev/null 2>&1 3>&- &
  wait_for_url "http://127.0.0.1:$port/v2/" 20 || { cat "$conf/error.log" >&2; return 1; }
  echo "$port"
}

# stop_proxy NAME: stops the proxy start_proxy NAME started.
stop_proxy() { kill "$(cat "$E2E/proxy-$1/nginx.pid")"; }

@test "fleet.sh --rebase: a registry that lets anyone read but wants credentials to write, given none, is refused before anything is pushed" {
  need_cmd nginx nginx-light
  need_tools htpasswd
  # The e2e registry behind nginx as the registry's documentation fronts it: reads for anyone
  # (as GHCR's public packages), writes for the users of an htpasswd file.
  htpasswd -Bbn ci-bot platform-token >"$E2E/registry-users"
  port="$(start_proxy read-only "/v2/$ORG/" "limit_except GET HEAD { auth_basic registry; auth_basic_user_file $E2E/registry-users; }")"
  before="$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)"
  REGISTRY_USERNAME="" REGISTRY_PASSWORD="" GHCR_TOKEN="" GITHUB_TOKEN="" \
    run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "127.0.0.1:$port" --rebase "$(runtime_release)"
  stop_proxy read-only
  echo "$stderr"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"no write access to ["*"$ORG/demo"*"it lets anyone read, but writing needs credentials, and none were given. Fix: set REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN)"*"nothing was pushed"* ]]
  # It read the images (anyone may), then only tried to start uploads, and was refused.
  access="$E2E/proxy-read-only/access.log"
  [ "$(grep -c '"GET /v2/' "$access")" -gt 0 ]
  [ "$(grep -v -E '"(GET|HEAD) ' "$access" | grep -c -v -E '"POST /v2/[^ ]*/blobs/uploads/ HTTP[^"]*" 401 ')" -eq 0 ]
  [ "$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)" = "$before" ]
}

@test "fleet.sh --rebase moves the services onto a runtime release's base: their own layers kept, its AOT cache in use, HTTP served; a registry gone in the middle leaves nothing half-written and a rerun finishes; a second run changes nothing" {
  release="$(runtime_release)"
  release_base="$(tag_digest "$ORG/micronaut-base" "$release")"
  [ -n "$release_base" ] || { echo "no base of $release: the pull-base test before this one builds it"; false; }
  before="$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)"
  own_before="$(own_layers "$ORG/demo" "$before" | cut -d' ' -f1)"

  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --rebase "$release" --dry-run
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  echo "$output"
  [[ "$(grep "^$ORG/demo:0.1.0-SNAPSHOT " <<<"$output")" == *" would rebase "*"base $VERSION -> $release" ]]
  [ "$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)" = "$before" ]

  # Through a gateway to the registry that stops answering at the variant's manifest (503, as a
  # load balancer says when the registry behind it is gone): the run stops there, after the
  # images before it, and the variant's tag still names its image.
  variant_before="$(tag_digest "$ORG/variant" 1)"
  need_cmd nginx nginx-light
  port="$(start_proxy gone "/v2/$ORG/variant/manifests/" "if (\$request_method = PUT) { return 503; }")"
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "127.0.0.1:$port" --rebase "$release"
  stop_proxy gone
  echo "$output"
  echo "$stderr"
  [ "$status" -eq 1 ]
  [[ "$(grep "^$ORG/variant:1 " <<<"$output")" == *" failed "*"the registry did not answer at http://127.0.0.1:$port"* ]]
  [[ "$stderr" == *"stopped at $ORG/variant:1: the registry did not answer at http://127.0.0.1:$port"*"Fix: run fleet.sh --rebase $release again when it answers: the images rebased already are skipped"* ]]
  [ "$(tag_digest "$ORG/variant" 1)" = "$variant_before" ]
  after="$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)"
  [[ "$(grep "^$ORG/demo:0.1.0-SNAPSHOT " <<<"$output")" == *" rebased "*"base $VERSION -> $release, $before -> $after" ]]
  [ "$after" != "$before" ]

  # Run again with the registry answering: it finishes the job.
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --rebase "$release"
  echo "$output"
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  rebase_output="$output"
  [[ "$(grep "^$ORG/demo:0.1.0-SNAPSHOT " <<<"$output")" == *" skipped "*"on the base of $release already" ]]
  [ "$(grep -c ' failed ' <<<"$output" || true)" -eq 0 ]
  # The release's base layers, then the service's own, the very same blobs.
  base_layers="$(image_layers "$REG" "$ORG/micronaut-base" "$release_base")"
  [ "$(image_layers "$REG" "$ORG/demo" "$after" | head -n "$(wc -l <<<"$base_layers")")" = "$base_layers" ]
  [ "$(image_layers "$REG" "$ORG/demo" "$after" | tail -n +"$(($(wc -l <<<"$base_layers") + 1))" | cut -d' ' -f1)" = "$own_before" ]
  [ "$(image_label "$ORG/demo" "$after" io.github.mnplatform.base)" = "$REG/$ORG/micronaut-base@$release_base" ]
  [ "$(image_label "$ORG/demo" "$after" org.opencontainers.image.title)" = demo ]
  # Its operating system is the release's: Debian 13's libraries under the same JRE.
  [ "$(image_layers "$REG" "$ORG/demo" "$after" | head -n 1)" != "$(image_layers "$REG" "$ORG/micronaut-base" "$BASE_DIGEST" | head -n 1)" ]
  file_in_image "$ORG/demo" "$after" usr/lib/os-release | grep -qx 'VERSION_CODENAME=trixie'

  # It starts from the release base's AOT cache (AOTMode=on refuses to start without one) and serves.
  port="$(run_service e2e-rebased "$REG/$ORG/demo:0.1.0-SNAPSHOT" "JDK_JAVA_OPTIONS=-XX:AOTMode=on -Xlog:class+load=info:stdout")"
  [ "$(curl -fsS --max-time 10 "http://127.0.0.1:$port/api/info" | jq -r .message)" = "Hello from demo" ]
  stop_service e2e-rebased
  from_cache="$(grep -c 'source: shared objects file' "$E2E/e2e-rebased.log")"
  echo "classes from the AOT cache: $from_cache"
  ((from_cache > 3000))
  # The variant, which overrides a common jar (snakeyaml 2.3, so no AOT cache), moved too and
  # still runs its own jar.
  [[ "$(grep "^$ORG/variant:1 " <<<"$rebase_output")" == *" rebased "* ]]
  run_service e2e-variant-rebased "$REG/$ORG/variant:1" "$CLASS_LOAD_LOG" >/dev/null
  stop_service e2e-variant-rebased
  grep -q 'org.yaml.snakeyaml.Yaml source: file:/app/libs/snakeyaml-2.3.jar' "$E2E/e2e-variant-rebased.log"

  # The fleet report shows it on the release's base.
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --json
  [ "$(jq -r '.images[] | select(.repository == "'"$ORG"'/demo" and .tag == "0.1.0-SNAPSHOT") | .baseDigest' <<<"$output")" = "$release_base" ]

  # Again: every image is on that base already; nothing is written.
  run --separate-stderr "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --rebase "$release"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$(grep "^$ORG/demo:0.1.0-SNAPSHOT " <<<"$output")" == *" skipped "*"on the base of $release already" ]]
  [ "$(grep -c ' rebased ' <<<"$output" || true)" -eq 0 ]
  [ "$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)" = "$after" ]
  # Nor back: the demo is on the release's base now, whatever version it was built with.
  run "$SCRIPTS_DIR/fleet.sh" --registry "$REG" --rebase "$VERSION"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$ORG/demo:0.1.0-SNAPSHOT ($release)"*"nothing was pushed"* ]]
  [ "$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)" = "$after" ]
}

@test "the rebased demo is the demo built with jib:build at the release: the same layers, the same config but for the label of the platform version it was built with" {
  release="$(runtime_release)"
  rebased="$(tag_digest "$ORG/demo" 0.1.0-SNAPSHOT)"
  [ "$(image_label "$ORG/demo" "$rebased" io.github.mnplatform.base)" = "$REG/$ORG/micronaut-base@$(tag_digest "$ORG/micronaut-base" "$release")" ] ||
    { echo "the demo is not on the base of $release: the rebase test before this one moves it"; false; }
  # The same sources with platform.version moved to the release, whose tiles the build of its
  # base installed; built as the demo, under another tag.
  rebuilt="$E2E/rebuilt/demo"
  rm -rf "$E2E/rebuilt" && mkdir -p "$E2E/rebuilt"
  cp -a "$DEMO" "$rebuilt"
  sed -i "s|<platform.version>$VERSION</platform.version>|<platform.version>$release</platform.version>|" "$rebuilt/pom.xml"
  grep -q "<platform.version>$release</platform.version>" "$rebuilt/pom.xml"
  jib_build "$rebuilt" rebuilt >"$E2E/rebuilt.log" 2>&1 || { tail -n 40 "$E2E/rebuilt.log"; false; }
  diff <(image_layers "$REG" "$ORG/demo" "$rebased") <(image_layers "$REG" "$ORG/demo" rebuilt)
  [ "$(image_label "$ORG/demo" rebuilt io.github.mnplatform.version)" = "$release" ]
  [ "$(image_label "$ORG/demo" "$rebased" io.github.mnplatform.version)" = "$VERSION" ]
  without_version='del(.config.Labels["io.github.mnplatform.version"])'
  diff <(image_config "$ORG/demo" "$rebased" | jq -S "$without_version") <(image_config "$ORG/demo" rebuilt | jq -S "$without_version")
}
