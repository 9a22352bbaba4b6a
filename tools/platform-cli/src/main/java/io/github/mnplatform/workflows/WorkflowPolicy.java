package io.github.mnplatform.workflows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands policy and shellcheck of the platform's tool, which scripts/lint-workflows.sh runs. Prints one finding
 * per line; exit status 0 without findings, 1 with, 2 on wrong usage, 3 when a check could not run.
 */
public final class WorkflowPolicy {

    private static final String USAGE = """
            Usage: platform-cli policy --repo DIR [--base-pom PATH] FILE...
                   platform-cli shellcheck FILE...
              policy      permissions, concurrency, pinned actions, no secret inside run:;
                          base-image.yml's push paths cover what the base image is built from
                          (PATH, default base-image/pom.xml); when the workflows of
                          DIR/.github/workflows are among the files, it has a base-image.yml
              shellcheck  shellcheck over every bash/sh run: script""";

    private WorkflowPolicy() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            return usage("a command is needed: policy or shellcheck");
        }
        String command = args[0];
        Path repo = null;
        String basePom = BaseImageInputs.BASE_POM;
        List<String> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if ((args[i].equals("--repo") || args[i].equals("--base-pom")) && i + 1 >= args.length) {
                return usage(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--base-pom" -> basePom = args[++i];
                default -> files.add(args[i]);
            }
        }
        if (files.isEmpty()) {
            return usage("no workflow files given");
        }
        if (command.equals("policy") && repo == null) {
            return usage("policy needs --repo DIR");
        }
        if (!command.equals("policy") && !command.equals("shellcheck")) {
            return usage("unknown command: " + command);
        }
        try {
            List<Problem> problems = command.equals("policy") ? policy(repo, basePom, files) : shellcheck(files);
            problems.forEach(System.out::println);
            return problems.isEmpty() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("workflow-policy: ERROR: " + e.getMessage());
            return 3;
        }
    }

    static List<Problem> policy(Path repo, String basePom, List<String> files) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Path ownWorkflows = repo.resolve(".github/workflows");
        GitIndex index = null;
        boolean ownLinted = false;
        for (String name : files) {
            Workflow wf = load(name, problems);
            if (wf == null) {
                continue;
            }
            problems.addAll(PolicyCheck.check(wf));
            ownLinted |= wf.file.toAbsolutePath().normalize().getParent().equals(ownWorkflows);
            if (BaseImagePathsCheck.appliesTo(wf)) {
                index = index == null ? GitIndex.read(repo) : index;
                problems.addAll(BaseImagePathsCheck.check(wf, repo, index, basePom));
            }
        }
        if (ownLinted && !Files.isRegularFile(ownWorkflows.resolve("base-image.yml"))) {
            problems.add(Problem.inFile(".github/workflows", "no base-image.yml, the workflow that publishes the base image"));
        }
        return problems;
    }

    static List<Problem> shellcheck(List<String> files) throws IOException {
        List<Problem> problems = new ArrayList<>();
        for (String name : files) {
            Workflow wf = load(name, problems);
            if (wf != null) {
                problems.addAll(Shellcheck.check(wf));
            }
        }
        return problems;
    }

    private static Workflow load(String name, List<Problem> problems) throws IOException {
        try {
            return Workflow.load(name, Path.of(name));
        } catch (Workflow.Invalid e) {
            problems.add(Problem.inFile(name, e.getMessage()));
            return null;
        }
    }

    private static int usage(String message) {
        System.err.println("workflow-policy: ERROR: " + message);
        System.err.println(USAGE);
        return 2;
    }
}
