#!/usr/bin/env bats
# The main job's command line; its full run is the setup of e2e.bats.

load test_helper

setup() {
  QUICKSTART="$SCRIPTS_DIR/quickstart.sh"
}

@test "quickstart --help prints usage and exits 0" {
  run "$QUICKSTART" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: scripts/quickstart.sh"* ]]
  [[ "$output" == *"Examples:"* ]]
}

@test "quickstart refuses an unknown option with exit 2" {
  run "$QUICKSTART" --frobnicate
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown option: --frobnicate"* ]]
}

@test "quickstart refuses a privileged or malformed port" {
  run "$QUICKSTART" --port 80
  [ "$status" -eq 2 ]
  [[ "$output" == *"ports must be whole numbers from 1024 to 65535, got '80'"* ]]
  run "$QUICKSTART" --port http
  [ "$status" -eq 2 ]
}

@test "quickstart refuses the same port for the service and the registry" {
  run "$QUICKSTART" --port 5005 --registry-port 5005
  [ "$status" -eq 2 ]
  [[ "$output" == *"--port and --registry-port must differ"* ]]
}

@test "quickstart stops at once when the port is taken, naming the step and the fix" {
  port="$(free_port)"
  python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); time.sleep(30)' "$port" &
  holder=$!
  for _ in $(seq 1 50); do
    (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  run "$QUICKSTART" --port "$port" --workdir "$BATS_TEST_TMPDIR/qs"
  kill "$holder" || true
  [ "$status" -ne 0 ]
  [[ "$output" == *"port $port is already in use"* ]]
  [[ "$output" == *'FAILED at step "check the tools"'* ]]
}
