#!/usr/bin/env bats
# scripts/release.sh against local targets: a file:// Maven repository and the local registry.
# The release runs on a copy of this checkout (it sets the version in the POMs). Its base image
# step is made to fail (a JRE image the registry does not have): nothing of the version may
# reach the Maven repository, and the message must say so. A rerun after an earlier run pushed
# the image without its jar list is refused before anything changes. About two minutes, most
# of it ./mvnw install on the copy. LOCAL_REGISTRY_PORT picks the registry's port. The release
# runs as uid 1001, the user of a job on GitHub's hosted runners, with its own checkout and
# Maven repository; the registry and the engine run as root.

load test_helper
bats_require_minimum_version 1.5.0

VERSION=0.0.1-releasetest.1

setup_file() {
  PORT="${LOCAL_REGISTRY_PORT:-$(free_port)}"
  REGISTRY="127.0.0.1:$PORT"
  # Outside bats' own directories, which the runner's uid may not enter.
  RUNNER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/runner.XXXXXX")"
  COPY="$RUNNER_DIR/repo"
  MAVEN_REPO="$RUNNER_DIR/maven-repo"
  export PORT REGISTRY RUNNER_DIR COPY MAVEN_REPO
  "$SCRIPTS_DIR/local-registry.sh" start --port "$PORT" --data-dir "$BATS_FILE_TMPDIR/registry" >&2
  mkdir -p "$MAVEN_REPO"
  runner_workspace "$RUNNER_DIR"
  runner_engine "$RUNNER_DIR" >"$RUNNER_DIR/podman-service.pid"
}

teardown_file() {
  "$SCRIPTS_DIR/local-registry.sh" stop --data-dir "$BATS_FILE_TMPDIR/registry" >&2 || true
  kill "$(cat "$RUNNER_DIR/podman-service.pid")" 2>/dev/null || true
  rm -rf "$RUNNER_DIR"
}

release() {
  as_runner CONTAINER_HOST="unix://$RUNNER_DIR/podman.sock" "$COPY/scripts/release.sh" --version "$VERSION" --registry "$REGISTRY" \
    --maven-repository "file://$MAVEN_REPO" --skip-tests "$@"
}

# seed_image: what a run that stopped between the push and the jar list leaves: the tag :X.
# Prints its digest.
seed_image() {
  local oci="$BATS_FILE_TMPDIR/oci" ref="$REGISTRY/mnplatform/micronaut-base:$VERSION"
  if ! skopeo inspect --tls-verify=false "docker://$ref" >/dev/null 2>&1; then
    umoci init --layout "$oci"
    umoci new --image "$oci:x"
    skopeo --policy "$(skopeo_policy_file "$BATS_FILE_TMPDIR")" copy -q --dest-tls-verify=false "oci:$oci:x" "docker://$ref"
  fi
  skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$ref"
}

# pom_sums [DIR]: checksums of the POMs of DIR (default: the copy), to see that a refused step changed none.
pom_sums() { (cd "${1:-$COPY}" && find . -name pom.xml -not -path '*/target/*' -print0 | sort -z | xargs -0 sha256sum); }

@test "--help, and wrong usage exits 2 with the reason" {
  run "$SCRIPTS_DIR/release.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: scripts/release.sh --version X"* && "$output" == *"Examples:"* ]]
  run "$SCRIPTS_DIR/release.sh"
  [ "$status" -eq 2 ]
  [[ "$output" == *"--version is required"* ]]
  run "$SCRIPTS_DIR/release.sh" --version 1.0.0-SNAPSHOT
  [ "$status" -eq 2 ]
  [[ "$output" == *"is not MAJOR.MINOR.PATCH[-qualifier] without SNAPSHOT"* ]]
  run "$SCRIPTS_DIR/release.sh" --version 1.0
  [ "$status" -eq 2 ]
  # A qualifier after a dot, which set-version.sh (step 3) would refuse after the checks.
  run "$SCRIPTS_DIR/release.sh" --version 1.0.0.Final
  [ "$status" -eq 2 ]
  [[ "$output" == *"is not MAJOR.MINOR.PATCH[-qualifier] without SNAPSHOT"* ]]
  run "$SCRIPTS_DIR/release.sh" --snapshot --version 1.0.0
  [ "$status" -eq 2 ]
  [[ "$output" == *"--snapshot publishes the version the POMs have: leave out --version"* ]]
  run "$SCRIPTS_DIR/release.sh" --version 1.0.0 --tag sha-1
  [ "$status" -eq 2 ]
  [[ "$output" == *"--tag goes with --snapshot"* ]]
}

@test "a Maven repository that is not this GitHub repository's packages is refused, as an error annotation" {
  before="$(pom_sums)"
  run as_runner GITHUB_ACTIONS=true "$COPY/scripts/release.sh" --version "$VERSION" --registry "$REGISTRY" \
    --expect-github-repository Acme/Orders-Platform
  [ "$status" -eq 1 ]
  [[ "$output" == *"::error::release: the Maven repository is https://maven.pkg.github.com/mnplatform/platform (platform.maven.repository in pom.xml)"* ]] ||
    { echo "$output"; false; }
  [[ "$output" == *"set <platform.maven.repository>https://maven.pkg.github.com/acme/orders-platform</platform.maven.repository>"* ]]
  [ "$(pom_sums)" = "$before" ]
}

@test "when the base image step fails, nothing of the version is published and the message says so" {
  run release --jre-image "$REGISTRY/platform/no-such-jre:25"
  [ "$status" -eq 1 ]
  [[ "$output" == *"[5/6] building and pushing $REGISTRY/mnplatform/micronaut-base:$VERSION"* ]] || { echo "$output"; false; }
  [[ "$output" == *"the base image step failed (see above). Nothing of $VERSION is in the Maven repository: the reactor is deployed only after the base image and its jar list."* ]] ||
    { echo "$output"; false; }
  [[ "$output" != *"[6/6]"* ]]
  # the release had set the version and installed the reactor: it got as far as the base
  grep -q "<version>$VERSION</version>" "$COPY/pom.xml"
  run find "$MAVEN_REPO" -type f
  [ -z "$output" ] || { echo "published: $output"; false; }
  run curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/mnplatform/micronaut-base/manifests/$VERSION"
  [ "$output" = 404 ]
}

@test "a rerun after an image :X without its jar list refuses before changing anything" {
  digest="$(seed_image)"
  before="$(pom_sums)"
  run release
  [ "$status" -eq 1 ]
  [[ "$output" == *"$REGISTRY/mnplatform/micronaut-base:$VERSION exists ($digest) but its jar list io.github.mnplatform:micronaut-base:$VERSION does not"* ]] ||
    { echo "$output"; false; }
  [[ "$output" == *"so nothing was changed"*"delete what was published of $VERSION"* ]]
  [[ "$output" != *"[3/6]"* ]]
  [ "$(pom_sums)" = "$before" ]
  run skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/mnplatform/micronaut-base:$VERSION"
  [ "$output" = "$digest" ]
  run find "$MAVEN_REPO" -type f
  [ -z "$output" ]
}

@test "a rerun after the base image and its jar list went up keeps them and deploys the reactor, root POM last" {
  digest="$(seed_image)"
  # the jar list that names that digest, as step 5 deploys it
  list="$BATS_TEST_TMPDIR/list"
  mkdir -p "$list/META-INF/mnplatform"
  printf '%s' "$digest" >"$list/META-INF/mnplatform/base-image.digest"
  dir="$MAVEN_REPO/io/github/mnplatform/micronaut-base/$VERSION"
  mkdir -p "$dir"
  jar --create --file "$dir/micronaut-base-$VERSION.jar" -C "$list" META-INF
  printf '<project/>\n' >"$dir/micronaut-base-$VERSION.pom"
  chown -R "$(runner_user):" "$MAVEN_REPO"

  run --separate-stderr release
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  [ "$output" = "$REGISTRY/mnplatform/micronaut-base:$VERSION@$digest" ]
  [[ "$stderr" == *"the base image and its jar list of $VERSION are published already: keeping them"* ]]
  for a in platform platform-bom platform-core platform-recipes micronaut-tile jib-tile jib-base-extension service-template; do
    [ -f "$MAVEN_REPO/io/github/mnplatform/$a/$VERSION/$a-$VERSION.pom" ] || { echo "not deployed: $a"; false; }
  done
  [ ! -e "$MAVEN_REPO/io/github/mnplatform/tiles-it" ]
  [ ! -e "$MAVEN_REPO/io/github/mnplatform/platform-cli" ]
  run skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/mnplatform/micronaut-base:$VERSION"
  [ "$output" = "$digest" ]

  # and once more: everything is there, nothing to do
  run --separate-stderr release
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"version $VERSION is published already (base image, jar list, reactor): nothing to do"* ]]
  [[ "$stderr" != *"[3/6]"* ]]
}

@test "--snapshot refuses a checkout whose POMs are at a release version, before any change" {
  as_runner "$COPY/scripts/set-version.sh" "$VERSION" >/dev/null
  before="$(pom_sums) $(find "$MAVEN_REPO" | sort)"
  run as_runner "$COPY/scripts/release.sh" --snapshot --registry "$REGISTRY" --maven-repository "file://$MAVEN_REPO"
  [ "$status" -eq 1 ]
  [[ "$output" == *"--snapshot publishes a -SNAPSHOT, but the POMs are at $VERSION: release it with --version $VERSION instead"* ]] ||
    { echo "$output"; false; }
  [ "$(pom_sums) $(find "$MAVEN_REPO" | sort)" = "$before" ]
}

@test "set-version.sh: after X is released, main at X-SNAPSHOT moves to the next patch's SNAPSHOT in every POM" {
  main="$BATS_FILE_TMPDIR/main"
  mkdir -p "$main"
  git -C "$REPO_ROOT" ls-files -z | tar -C "$REPO_ROOT" --null -T - -cf - | tar -C "$main" -xf -
  "$main/scripts/set-version.sh" 0.4.2-SNAPSHOT >/dev/null
  run --separate-stderr "$main/scripts/set-version.sh" --next-snapshot-after 0.4.2
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  [ "$output" = 0.4.3-SNAPSHOT ]
  # the reactor, and the POMs built after it, whose <parent> names the platform
  for pom in pom.xml tiles/data-jdbc-tile/pom.xml base-image/pom.xml base-image/aot-trainer/pom.xml; do
    grep -q '<version>0.4.3-SNAPSHOT</version>' "$main/$pom" || { echo "$pom"; false; }
  done
  [ "$(grep -rl --include=pom.xml '0.4.2-SNAPSHOT' "$main" | wc -l)" -eq 0 ]
  # Run again (main has moved on), or after a pre-release: nothing changes.
  sums="$(pom_sums "$main")"
  run --separate-stderr "$main/scripts/set-version.sh" --next-snapshot-after 0.4.2
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"at 0.4.3-SNAPSHOT, not 0.4.2-SNAPSHOT: nothing to move"* ]]
  run "$main/scripts/set-version.sh" --next-snapshot-after 0.4.3-rc.1
  [ "$status" -eq 2 ]
  [[ "$output" == *"give a released MAJOR.MINOR.PATCH"* ]]
  run "$main/scripts/set-version.sh" 1.0
  [ "$status" -eq 2 ]
  [[ "$output" == *"'1.0' is not MAJOR.MINOR.PATCH[-qualifier]"* ]]
  [ "$(pom_sums "$main")" = "$sums" ]
}
