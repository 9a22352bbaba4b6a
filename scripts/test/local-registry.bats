#!/usr/bin/env bats
# scripts/local-registry.sh on a random free port with a temporary data dir.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
  need_tools curl
  [[ -x /usr/bin/docker-registry ]] || command -v docker-registry >/dev/null ||
    { [[ "$(id -u)" -eq 0 ]] || skip "docker-registry missing: apt-get install -y docker-registry"; }
  PORT="$(free_port)"
  DATA="$BATS_TEST_TMPDIR/registry"
  REG=("$SCRIPTS_DIR/local-registry.sh" --port "$PORT" --data-dir "$DATA")
  FOREIGN_PID=""
}

teardown() {
  "${REG[@]}" stop >/dev/null 2>&1 || true
  if [[ -n "$FOREIGN_PID" ]]; then
    kill "$FOREIGN_PID" 2>/dev/null || true
    wait "$FOREIGN_PID" 2>/dev/null || true
  fi
}

@test "start, status, idempotent start, push-free API check, stop, idempotent stop" {
  run "${REG[@]}" status
  [ "$status" -eq 3 ]
  [[ "$output" == *"stopped"* ]]

  run "${REG[@]}" start
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"running 127.0.0.1:$PORT"* ]]
  [[ "$output" == *"local-registry: "* ]] # step-by-step messages
  pid="$(cat "$DATA/registry.pid")"
  [ -d "/proc/$pid" ]

  # the registry answers without credentials and only on 127.0.0.1
  run curl -fsS "http://127.0.0.1:$PORT/v2/_catalog"
  [ "$status" -eq 0 ]
  [[ "$output" == *'"repositories":[]'* ]]
  grep -q "addr: 127.0.0.1:$PORT" "$DATA/config.yml"
  grep -q "rootdirectory: $DATA/storage" "$DATA/config.yml"
  run ! grep -q htpasswd "$DATA/config.yml"

  run "${REG[@]}" status
  [ "$status" -eq 0 ]
  [[ "$output" == *"running 127.0.0.1:$PORT"* ]]

  run "${REG[@]}" start
  [ "$status" -eq 0 ]
  [[ "$output" == *"already running (pid $pid)"* ]]
  [ "$(cat "$DATA/registry.pid")" = "$pid" ]

  run "${REG[@]}" stop
  [ "$status" -eq 0 ]
  [[ "$output" == *"stopped"* ]]
  [ ! -d "/proc/$pid" ]
  run ! curl -fsS -o /dev/null "http://127.0.0.1:$PORT/v2/"

  run "${REG[@]}" status
  [ "$status" -eq 3 ]

  run "${REG[@]}" stop
  [ "$status" -eq 0 ]
  [[ "$output" == *"not running"* ]]
}

@test "the port defaults to LOCAL_REGISTRY_PORT and the data dir to LOCAL_REGISTRY_DIR" {
  run env LOCAL_REGISTRY_PORT="$PORT" LOCAL_REGISTRY_DIR="$DATA" "$SCRIPTS_DIR/local-registry.sh" start
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"running 127.0.0.1:$PORT"* ]]
  [ -f "$DATA/registry.pid" ]
  wait_for_url "http://127.0.0.1:$PORT/v2/" 5
}

@test "a port taken by another program is an error that names the port and how to pick another" {
  need_tools python3
  python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5)
time.sleep(120)' "$PORT" </dev/null >/dev/null 2>&1 3>&- &
  FOREIGN_PID=$!
  for _ in $(seq 40); do
    (exec 9<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.25
  done

  run "${REG[@]}" start
  [ "$status" -ne 0 ]
  [[ "$output" == *"port $PORT"* ]]
  [[ "$output" == *"in use"* ]]
  [[ "$output" == *"--port"* ]]
  [[ "$output" == *"LOCAL_REGISTRY_PORT"* ]]
  [ ! -f "$DATA/registry.pid" ]

  run "${REG[@]}" status
  [ "$status" -eq 3 ]
}

@test "a registry of another data dir on the same port does not count as ours" {
  run "$SCRIPTS_DIR/local-registry.sh" start --port "$PORT" --data-dir "$BATS_TEST_TMPDIR/other"
  [ "$status" -eq 0 ]
  run "${REG[@]}" start
  status_ours="$status"
  "$SCRIPTS_DIR/local-registry.sh" stop --data-dir "$BATS_TEST_TMPDIR/other"
  [ "$status_ours" -ne 0 ]
  [[ "$output" == *"port $PORT"*"in use"* ]]
}

@test "a stale pid file (dead process) does not block start" {
  mkdir -p "$DATA"
  echo 999999 >"$DATA/registry.pid"
  run "${REG[@]}" start
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [[ "$output" == *"stale pid file"* ]]
  [ "$(cat "$DATA/registry.pid")" != 999999 ]
}
