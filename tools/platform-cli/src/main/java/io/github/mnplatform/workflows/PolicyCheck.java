package io.github.mnplatform.workflows;

import static io.github.mnplatform.workflows.Workflow.get;
import static io.github.mnplatform.workflows.Workflow.scalar;

import io.github.mnplatform.core.PlatformVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The rules every workflow follows (docs/adopting.md, "Pinning actions" and "Permissions"):
 * a permissions block for every job, a concurrency group (the workflow's, or each job's: a job
 * skipped by its if: then queues nowhere), actions pinned to a full commit SHA (but the
 * platform's service workflow, pinned to the platform version), no secret written inside a run:
 * script, and run: steps in bash with pipefail ({@code defaults: run: shell: bash}: without it
 * GitHub runs them with {@code bash -e} alone, and a failing command before a pipe goes unnoticed).
 */
final class PolicyCheck {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    /**
     * A service's call of the platform's own service workflow: its ref follows the service's
     * platform.version (vX.Y.Z[-qualifier], or main for a -SNAPSHOT platform), as its tiles do, and moves
     * with them (Renovate's preset, scripts/bump-tiles.sh); a SHA could not follow the version.
     */
    private static final Pattern PLATFORM_SERVICE_WORKFLOW =
            Pattern.compile("[A-Za-z0-9_.-]+/platform/\\.github/workflows/service\\.yml@" + PlatformVersion.GIT_REF_PATTERN);
    private static final Pattern SECRET_EXPRESSION = Pattern.compile("\\$\\{\\{[^}]*\\bsecrets\\.", Pattern.DOTALL);

    private PolicyCheck() {}

    static List<Problem> check(Workflow wf) {
        List<Problem> problems = new ArrayList<>();
        List<Workflow.Job> jobs = wf.jobs();
        if (jobs.isEmpty()) {
            problems.add(Problem.inFile(wf.name, "no jobs"));
        }
        if (get(wf.root, "concurrency") == null
                && (jobs.isEmpty() || jobs.stream().anyMatch(job -> get(job.body(), "concurrency") == null))) {
            problems.add(Problem.inFile(wf.name, "no concurrency group, at the top level or on every job"
                    + " (concurrency: group: ...)"));
        }
        boolean runSteps = jobs.stream().flatMap(job -> wf.steps(job).stream())
                .anyMatch(step -> get(step.body(), "run") != null);
        if (runSteps && !"bash".equals(scalar(get(get(get(wf.root, "defaults"), "run"), "shell")))) {
            problems.add(Problem.inFile(wf.name, "run: steps without 'defaults: run: shell: bash' at the top level:"
                    + " GitHub runs them with bash -e alone, and a command that fails before a pipe goes unnoticed"));
        }
        boolean topPermissions = get(wf.root, "permissions") != null;
        for (Workflow.Job job : jobs) {
            if (!topPermissions && get(job.body(), "permissions") == null) {
                problems.add(Problem.at(wf.name, job.key(), "job '" + job.name() + "' has no permissions block and the"
                        + " workflow has no top-level one: add 'permissions:' with the least it needs (e.g. contents: read)"));
            }
            Node jobUses = get(job.body(), "uses");
            if (scalar(jobUses) == null || !PLATFORM_SERVICE_WORKFLOW.matcher(scalar(jobUses)).matches()) {
                checkPinned(wf, "job '" + job.name() + "'", jobUses, problems);
            }
            for (Workflow.Step step : wf.steps(job)) {
                String where = "job '" + job.name() + "', step " + step.number();
                checkPinned(wf, where, get(step.body(), "uses"), problems);
                Node run = get(step.body(), "run");
                if (scalar(run) != null && SECRET_EXPRESSION.matcher(scalar(run)).find()) {
                    problems.add(Problem.at(wf.name, run, where + ": a secret inside run: (it becomes part of the"
                            + " script text): pass it through the step's env: and use the variable"));
                }
            }
        }
        return problems;
    }

    /** A remote action or reusable workflow must name a full-length commit SHA; ./ and docker:// are exempt. */
    private static void checkPinned(Workflow wf, String where, Node uses, List<Problem> problems) {
        String ref = scalar(uses);
        if (ref == null || ref.startsWith("./") || ref.startsWith("docker://")) {
            return;
        }
        int at = ref.lastIndexOf('@');
        if (at < 0 || !FULL_SHA.matcher(ref.substring(at + 1)).matches()) {
            problems.add(Problem.at(wf.name, uses, where + ": '" + ref + "' is not pinned to a full-length commit SHA"
                    + " (uses: owner/action@<40 hex digits> # vX.Y.Z, see docs/adopting.md)"));
        }
    }
}
