package io.github.mnplatform.workflows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** shellcheck over every bash/sh run: script, each finding at its line and column in the workflow. */
final class Shellcheck {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{.*?}}", Pattern.DOTALL);
    /** As actionlint does: checks that a ${{ }} replaced by a plain word makes meaningless, and sourcing. */
    private static final String EXCLUDED = "SC1091,SC2050,SC2154,SC2157,SC2194";
    private static final Pattern GCC_LINE = Pattern.compile("[^:]*:(\\d+):(\\d+): (\\w+): (.*)");

    private Shellcheck() {}

    static List<Problem> check(Workflow wf) throws IOException {
        List<Problem> problems = new ArrayList<>();
        for (Workflow.RunScript run : wf.shellScripts()) {
            // Same length, so that columns stay where they are.
            String body = EXPRESSION.matcher(run.text()).replaceAll(m -> "_".repeat(m.group().length()));
            for (String line : shellcheck("#!/usr/bin/env bash\n" + body)) {
                Matcher m = GCC_LINE.matcher(line);
                if (m.matches()) {
                    int scriptLine = Integer.parseInt(m.group(1)) - 1; // minus the added first line
                    problems.add(new Problem(wf.name, run.fileLine(scriptLine), run.column() + Integer.parseInt(m.group(2)),
                            m.group(4) + " (shellcheck " + m.group(3) + ", job '" + run.step().job().name()
                                    + "', step '" + run.step().label() + "')"));
                }
            }
        }
        return problems;
    }

    private static List<String> shellcheck(String script) throws IOException {
        Process p = new ProcessBuilder("shellcheck", "-f", "gcc", "-e", EXCLUDED, "-")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int rc = p.waitFor();
            if (rc != 0 && rc != 1) { // 1: findings
                throw new IOException("shellcheck failed (exit status " + rc + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running shellcheck", e);
        }
        return out.lines().toList();
    }
}
