#!/usr/bin/env bats
# The benchmark in its quick mode, so that it cannot rot. Nothing here asserts on time or
# on the size of a ratio: the numbers go to docs/benchmarks.md from a full run.

load test_helper

@test "bench/run.sh --help and a wrong option" {
  run "$REPO_ROOT/bench/run.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: bench/run.sh"*"Examples:"* ]]
  run "$REPO_ROOT/bench/run.sh" --services 0
  [ "$status" -eq 2 ]
}

@test "bench/run.sh --quick prints the table and every key, and the load test has no errors" {
  run "$REPO_ROOT/bench/run.sh" --quick
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"platform"*"plain Jib"*"fat layer"* ]]
  for key in services own_bytes_ratio storage_ratio storage_ratio_identical change_pushed_platform \
    bump_pushed_ratio first_build_time_ratio startup_s_platform startup_ratio load_requests_per_s load_p99; do
    [[ "$output" =~ (^|$'\n')$key=[0-9.]+ ]] || { echo "missing $key"; false; }
  done
  [[ "$output" == *$'\n'"services=2"* ]]
  [[ "$output" == *$'\n'"load_errors=0"* ]]
}
