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
  run "$REPO_ROOT/bench/run.sh" --fleet 2
  [ "$status" -eq 2 ]
  [[ "$output" == *"--fleet must be 3 to 99, got '2'"* ]]
}

@test "bench/run.sh --quick prints the tables and every key, the fleet's too, and the load test has no errors" {
  # The test command installed the platform just before.
  run "$REPO_ROOT/bench/run.sh" --quick --skip-install
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"platform"*"plain Jib"*"fat layer"* ]]
  for key in services own_bytes_ratio storage_ratio storage_ratio_identical change_pushed_platform \
    bump_pushed_ratio first_build_time_ratio startup_s_platform startup_ratio load_requests_per_s load_p99; do
    [[ "$output" =~ (^|$'\n')$key=[0-9.]+ ]] || { echo "missing $key"; false; }
  done
  [[ "$output" == *$'\n'"services=1"* ]]
  [[ "$output" == *$'\n'"load_errors=0"* ]]
  for key in fleet_own_bytes_median fleet_own_bytes_ratio fleet_storage_ratio fleet_bump_pushed_ratio \
    fleet_startup_ratio fleet_pss_ratio fleet_pss_ratio_no_relocation; do
    [[ "$output" =~ (^|$'\n')$key=[0-9.]+ ]] || { echo "missing $key"; false; }
  done
  [[ "$output" == *$'\n'"fleet_services=3"* ]]
  # Start-up per feature set, and the AOT cache each service got, as the Jib extension said.
  for set in data-jdbc+flyway+micrometer+security-jwt+openapi data-jdbc+flyway data-jdbc+flyway+micrometer; do
    [[ "$output" =~ (^|$'\n')fleet_startup_ratio\."$set"=[0-9.]+ ]] || { echo "missing start-up of $set"; false; }
  done
  [[ "$output" == *"fleet00 (data-jdbc,flyway,micrometer,security-jwt,openapi): AOT cache full"* ]]
  [[ "$output" == *"fleet01 (data-jdbc,flyway): AOT cache data"* ]]
  # It overrides HikariCP, a jar of the data profile: the base's cache only.
  [[ "$output" == *"fleet02 (data-jdbc,flyway,micrometer): AOT cache base"* ]]
  # The runtime-only release: the service's images moved (its first build's and its one-line
  # change's), the bump's skipped for its other jars; rebased and rebuilt side by side.
  [[ "$output" == *"rebased 2 images of 1 services, skipped 1 (why: "* ]]
  for key in rebase_s rebuild_s rebase_time_ratio rebase_pushed_bytes rebuild_pushed_bytes; do
    [[ "$output" =~ (^|$'\n')$key=[0-9.]+ ]] || { echo "missing $key"; false; }
  done
  grep -q ' skipped .*jars added, removed or changed (snakeyaml-2.3.jar, snakeyaml-2.4.jar).*It needs a bump and a build' \
    "$REPO_ROOT/target/bench/rebase.log"
}
