package io.github.mnplatform.workflows;

import java.util.ArrayList;
import java.util.List;

/**
 * A file that a run: step executes directly ({@code .ci/run}, {@code scripts/x.sh}, {@code ./mvnw})
 * must be committed with mode 100755: a checkout takes the mode from git, not from the machine
 * the file was written on, and a 100644 script fails with "Permission denied" (exit 126).
 */
final class ExecutableCheck {

    private ExecutableCheck() {}

    static List<Problem> check(Workflow wf, GitIndex index) {
        List<Problem> problems = new ArrayList<>();
        for (Workflow.RunScript run : wf.shellScripts()) {
            for (ShellWords.Executed e : ShellWords.executed(run.text())) {
                String path = e.path().startsWith("./") ? e.path().substring(2) : e.path();
                String mode = index.mode(path);
                String where = "job '" + run.step().job().name() + "', step '" + run.step().label() + "': ";
                if (mode == null) {
                    problems.add(new Problem(wf.name, run.fileLine(e.line()), run.column() + 1,
                            where + e.path() + " is run directly but is not a file in git: commit it, or fix the path"));
                } else if (!mode.equals(GitIndex.EXECUTABLE)) {
                    problems.add(new Problem(wf.name, run.fileLine(e.line()), run.column() + 1,
                            where + e.path() + " is run directly but committed as mode " + mode
                                    + ", not executable: git update-index --chmod=+x " + path + " and commit"));
                }
            }
        }
        return problems;
    }
}
