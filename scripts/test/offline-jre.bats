#!/usr/bin/env bats
# End to end: local registry -> build-offline-jre.sh (twice: same digest) ->
# run-image.sh runs the image with podman (java -version as uid 1000, exit
# status, a detached HTTP server on the host network). The same from Debian
# 13's packages (a merged-/usr distribution), started with java -version.
#
# Needs: a JDK 25, the Debian mirror once (apt-get download; .debs from
# target/offline-jre/debs are reused when present), root for apt and umoci.
# Takes about a minute.

load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
  command -v curl >/dev/null || skip "curl missing"
  PORT="${LOCAL_REGISTRY_PORT:-$(free_port)}"
  REGISTRY="127.0.0.1:$PORT"
  IMAGE_REF="$REGISTRY/platform/jre:25"
  W1="$BATS_FILE_TMPDIR/jre1"
  W2="$BATS_FILE_TMPDIR/jre2"
  NAME_PREFIX="bats-$PORT"
  export PORT REGISTRY IMAGE_REF W1 W2 NAME_PREFIX

  "$SCRIPTS_DIR/local-registry.sh" start --port "$PORT" --data-dir "$BATS_FILE_TMPDIR/registry" >&2

  # Reuse downloaded .debs (checked against apt's SHA256 by the script).
  if [[ -d "$REPO_ROOT/target/offline-jre/debs" ]]; then
    mkdir -p "$W1"
    cp -r "$REPO_ROOT/target/offline-jre/debs" "$W1/"
  fi
  local rc=0 t0=$SECONDS
  "$SCRIPTS_DIR/build-offline-jre.sh" --registry "$REGISTRY" --image platform/jre:25 --work-dir "$W1" \
    >"$BATS_FILE_TMPDIR/build1.out" 2>"$BATS_FILE_TMPDIR/build1.err" || rc=$?
  echo "$rc" >"$BATS_FILE_TMPDIR/build1.rc"
  echo "first build took $((SECONDS - t0))s" >&2
}

teardown_file() {
  local c
  for c in jre root exit hello trixie; do
    "$SCRIPTS_DIR/run-image.sh" stop --name "$NAME_PREFIX-$c" >/dev/null 2>&1 || true
  done
  "$SCRIPTS_DIR/local-registry.sh" stop --data-dir "$BATS_FILE_TMPDIR/registry" >&2 || true
}

build1_ok() {
  if [[ "$(cat "$BATS_FILE_TMPDIR/build1.rc")" != 0 ]]; then
    cat "$BATS_FILE_TMPDIR/build1.err"
    return 1
  fi
}

digest1() { tail -n 1 "$BATS_FILE_TMPDIR/build1.out"; }


# blob DIGEST: path of a blob in the first build's OCI layout
blob() { echo "$W1/oci/blobs/sha256/${1#sha256:}"; }
manifest() { jq -r '.manifests[0].digest' "$W1/oci/index.json"; }
config_blob() { blob "$(jq -r '.config.digest' "$(blob "$(manifest)")")"; }

@test "build pushes the image and prints the digest that the registry reports" {
  build1_ok
  d="$(digest1)"
  [[ "$d" =~ ^sha256:[0-9a-f]{64}$ ]]
  [ "$(cat "$W1/digest")" = "$d" ]
  [ "$(manifest)" = "$d" ]
  run skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$IMAGE_REF"
  [ "$status" -eq 0 ]
  [ "$output" = "$d" ]
  grep -q 'step 2/8: jlink' "$BATS_FILE_TMPDIR/build1.err"
}

@test "a second build from a fresh work dir gives the same digest (reproducible)" {
  build1_ok
  mkdir -p "$W2"
  cp -r "$W1/debs" "$W2/" # same package versions, no second download
  run --separate-stderr "$SCRIPTS_DIR/build-offline-jre.sh" --no-push --image platform/jre:25 --work-dir "$W2"
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  [ "${lines[-1]}" = "$(digest1)" ] || {
    echo "first:  $(digest1)"
    echo "second: ${lines[-1]}"
    diff <(ls "$W1/oci/blobs/sha256") <(ls "$W2/oci/blobs/sha256")
    false
  }
  diff -r "$W1/oci" "$W2/oci"
}

@test "layers are plain reproducible tars: mtime 1, numeric owner 0:0 (home/app 1000:1000), /tmp 1777" {
  build1_ok
  mapfile -t layers < <(jq -r '.layers[].digest' "$(blob "$(manifest)")")
  [ "${#layers[@]}" -eq 2 ]
  listing="$BATS_TEST_TMPDIR/listing"
  for l in "${layers[@]}"; do
    tar --numeric-owner --full-time -tvzf "$(blob "$l")"
  done >"$listing"
  # every entry is dated 1970-01-01 00:00:01
  run grep -v ' 1970-01-01 00:00:01 ' "$listing"
  [ "$status" -eq 1 ] || { echo "entries with another mtime:"; echo "$output" | head; false; }
  # owners: 0/0, except home/app
  run awk '$2 != "0/0" && $6 != "home/app/"' "$listing"
  [ -z "$output" ] || { echo "unexpected owners:"; echo "$output" | head; false; }
  grep -qE '^drwxr-xr-x 1000/1000 .* home/app/$' "$listing"
  grep -qE '^drwxrwxrwt 0/0 .* tmp/$' "$listing"
  # no absolute paths, no ..
  run awk '$6 ~ /^\// || $6 ~ /(^|\/)\.\.(\/|$)/' "$listing"
  [ -z "$output" ]
  # the runtime is where eclipse-temurin has it, with the libs it needs
  grep -qE ' opt/java/openjdk/bin/java$' "$listing"
  grep -qE ' opt/java/openjdk/lib/server/libjvm.so$' "$listing"
  grep -qE ' lib/x86_64-linux-gnu/libc.so.6$| lib/aarch64-linux-gnu/libc.so.6$' "$listing"
  grep -qE ' etc/ssl/certs/ca-certificates.crt$' "$listing"
  grep -qE ' usr/lib/locale/C.utf8/LC_CTYPE$' "$listing"
  # no jdk tools, no docs beyond copyright files
  run grep -E ' opt/java/openjdk/bin/(javac|jlink|jshell)$| usr/share/man/' "$listing"
  [ "$status" -eq 1 ]
}

@test "image config: linux, user 1000:1000, temurin PATH and JAVA_HOME, fixed created, no entrypoint" {
  build1_ok
  cfg="$(config_blob)"
  [ "$(jq -r .os "$cfg")" = linux ]
  [ "$(jq -r .architecture "$cfg")" = "$(dpkg --print-architecture)" ]
  [ "$(jq -r .created "$cfg")" = "1970-01-01T00:00:01Z" ]
  [ "$(jq -r .config.User "$cfg")" = "1000:1000" ]
  jq -e '.config.Env | index("PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")' "$cfg"
  jq -e '.config.Env | index("JAVA_HOME=/opt/java/openjdk")' "$cfg"
  [ "$(jq -r '.config.Entrypoint // "none"' "$cfg")" = none ]
  [ "$(jq -r '.rootfs.diff_ids | length' "$cfg")" = 2 ]
  [ "$(jq -r '.history | length' "$cfg")" = 2 ]
}

@test "the base layer has root and app (1000:1000) in /etc/passwd and /etc/group" {
  build1_ok
  base="$(blob "$(jq -r '.layers[0].digest' "$(blob "$(manifest)")")")"
  run tar -xzOf "$base" etc/passwd
  [[ "$output" == *"root:x:0:0:"* ]]
  [[ "$output" == *"app:x:1000:1000:app:/home/app:"* ]]
  run tar -xzOf "$base" etc/group
  [[ "$output" == *"app:x:1000:"* ]]
}

@test "java -version runs inside the image as uid 1000 (run-image.sh run)" {
  build1_ok
  run "$SCRIPTS_DIR/run-image.sh" run "$IMAGE_REF" --name "$NAME_PREFIX-jre" \
    -- java -XshowSettings:properties -version
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *'openjdk version "25'* ]]
  [[ "$output" == *"user.name = app"* ]]
  [[ "$output" == *"user.home = /home/app"* ]]
  [[ "$output" == *"java.home = /opt/java/openjdk"* ]]
  [[ "$output" == *"sun.jnu.encoding = UTF-8"* ]]
  run "$SCRIPTS_DIR/run-image.sh" status --name "$NAME_PREFIX-jre"
  [ "$status" -eq 3 ] # run removes its container
}

@test "--user and --cmd override the image: java -version as root, absolute path" {
  build1_ok
  run "$SCRIPTS_DIR/run-image.sh" run "$IMAGE_REF" --name "$NAME_PREFIX-root" --user 0:0 \
    --cmd "/opt/java/openjdk/bin/java -XshowSettings:properties -version"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *'openjdk version "25'* ]]
  [[ "$output" == *"user.name = root"* ]]
}

@test "the container's exit status is passed on" {
  build1_ok
  run "$SCRIPTS_DIR/run-image.sh" run "$IMAGE_REF" --name "$NAME_PREFIX-exit" -- java -no-such-flag
  [ "$status" -eq 1 ]
  [[ "$output" == *"Unrecognized option: -no-such-flag"* ]]
}

@test "start runs detached on the host network: an HTTP server answers on 127.0.0.1; logs, status, stop" {
  build1_ok
  need_cmd umoci
  need_cmd skopeo
  jdk="$(bash -c '. "$0/lib/common.sh"; find_jdk25' "$SCRIPTS_DIR")"
  [ -x "$jdk/bin/javac" ] || skip "no javac in $jdk"

  # a tiny app image FROM the offline JRE: one layer with one class
  app="$BATS_TEST_TMPDIR/app"
  mkdir -p "$app/classes"
  "$jdk/bin/javac" --release 17 -d "$app/classes" "$BATS_TEST_DIRNAME/fixtures/HelloServer.java"
  printf '%s\n' '{"default":[{"type":"insecureAcceptAnything"}]}' >"$app/policy.json"
  cp -r "$W1/oci" "$app/oci"
  umoci insert --image "$app/oci:25" --tag hello "$app/classes" /app
  umoci config --image "$app/oci:hello" --config.entrypoint java \
    --config.cmd=-cp --config.cmd=/app --config.cmd=HelloServer
  skopeo --policy "$app/policy.json" copy -q --dest-tls-verify=false \
    "oci:$app/oci:hello" "docker://$REGISTRY/test/hello:1"

  http_port="$(free_port)"
  name="$NAME_PREFIX-hello"
  run "$SCRIPTS_DIR/run-image.sh" start "$REGISTRY/test/hello:1" --name "$name" \
    --env "PORT=$http_port" --env GREETING=hi
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"$name running"* ]]

  wait_for_url "http://127.0.0.1:$http_port/" 30 || {
    "$SCRIPTS_DIR/run-image.sh" logs --name "$name"
    false
  }
  run curl -fsS "http://127.0.0.1:$http_port/"
  [[ "$output" =~ ^hi\ from\ java\ 25(\.[0-9]+)*\ as\ app$ ]] || { echo "got: $output"; false; }

  run "$SCRIPTS_DIR/run-image.sh" status --name "$name"
  [ "$status" -eq 0 ]
  [ "$output" = "$name running" ]

  run "$SCRIPTS_DIR/run-image.sh" start "$REGISTRY/test/hello:1" --name "$name"
  [ "$status" -ne 0 ]
  [[ "$output" == *"already running"* ]]

  run "$SCRIPTS_DIR/run-image.sh" logs --name "$name"
  [[ "$output" == *"HelloServer listening on 127.0.0.1:$http_port"* ]]

  run "$SCRIPTS_DIR/run-image.sh" stop --name "$name"
  [ "$status" -eq 0 ]
  run ! curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/"
  run "$SCRIPTS_DIR/run-image.sh" status --name "$name"
  [ "$status" -eq 3 ]

  run "$SCRIPTS_DIR/run-image.sh" stop --name "$name"
  [ "$status" -eq 0 ]
}

@test "from Debian 13 (trixie) packages: merged-/usr links from base-files, the loader at /lib64, java -version runs" {
  work="$BATS_FILE_TMPDIR/trixie"
  if [[ -d "$REPO_ROOT/target/offline-jre-trixie/debs" ]]; then
    mkdir -p "$work"
    cp -r "$REPO_ROOT/target/offline-jre-trixie/debs" "$work/"
  fi
  run --separate-stderr "$SCRIPTS_DIR/build-offline-jre.sh" --debian-suite trixie --registry "$REGISTRY" \
    --image platform/jre:25-trixie --work-dir "$work"
  [ "$status" -eq 0 ] || { echo "$stderr"; false; }
  [[ "$stderr" == *"reading the package index of Debian trixie"* ]]
  [[ "$stderr" == *"merged /usr: /lib64 -> usr/lib64 (from base-files)"* ]] || { echo "$stderr"; false; }

  oci="$work/oci/blobs/sha256"
  manifest="$oci/$(jq -r '.manifests[0].digest' "$work/oci/index.json" | cut -d: -f2)"
  base="$oci/$(jq -r '.layers[0].digest' "$manifest" | cut -d: -f2)"
  tar -xzOf "$base" usr/lib/os-release | grep -qx 'VERSION_CODENAME=trixie'
  listing="$(tar --numeric-owner -tvzf "$base")"
  grep -qE ' lib -> usr/lib$' <<<"$listing"
  case "$(dpkg --print-architecture)" in
    amd64)
      grep -qE ' lib64 -> usr/lib64$' <<<"$listing"
      grep -qE ' usr/lib64/ld-linux-x86-64.so.2 -> ' <<<"$listing"
      ;;
    arm64) grep -qE ' usr/lib/ld-linux-aarch64.so.1' <<<"$listing" ;;
  esac
  config="$oci/$(jq -r '.config.digest' "$manifest" | cut -d: -f2)"
  jq -r '.config.Labels["platform.jre.debian-packages"]' "$config" | grep -q 'libc6=2\.4[1-9]'

  run "$SCRIPTS_DIR/run-image.sh" run "$REGISTRY/platform/jre:25-trixie" --name "$NAME_PREFIX-trixie" -- java -version
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *'openjdk version "25'* ]]
}
