package io.github.mnplatform.workflows;

import static io.github.mnplatform.workflows.Workflow.get;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * base-image.yml publishes the preview base when what it is built from changes on main: its
 * push trigger's paths must cover every file of {@link BaseImageInputs}, or a change (say, a
 * Micronaut version bumped in the root pom.xml) leaves the published base stale.
 */
final class BaseImagePathsCheck {

    private static final int LISTED = 12;

    private BaseImagePathsCheck() {}

    static boolean appliesTo(Workflow wf) {
        String name = wf.file.getFileName().toString();
        return name.equals("base-image.yml") || name.equals("base-image.yaml");
    }

    static List<Problem> check(Workflow wf, Path repo, GitIndex index, String basePom) throws IOException {
        Node paths = get(get(wf.on(), "push"), "paths");
        List<String> patterns = new ArrayList<>();
        for (ScalarNode s : Workflow.scalars(paths)) {
            patterns.add(s.getValue());
        }
        if (patterns.isEmpty()) {
            return List.of(Problem.inFile(wf.name, "base-image.yml does not trigger on push to the paths the base image"
                    + " is built from (on: push: paths: [base-image/**, ...])"));
        }
        PathsFilter filter = new PathsFilter(patterns);
        SortedSet<String> inputs = BaseImageInputs.derive(repo, index, wf, basePom);
        List<String> uncovered = inputs.stream().filter(f -> !filter.matches(f)).toList();
        if (uncovered.isEmpty()) {
            return List.of();
        }
        String listed = String.join(", ", uncovered.subList(0, Math.min(LISTED, uncovered.size())))
                + (uncovered.size() > LISTED ? ", ... (" + (uncovered.size() - LISTED) + " more)" : "");
        return List.of(Problem.at(wf.name, paths, "on.push.paths does not cover " + uncovered.size() + " of the "
                + inputs.size() + " files the base image is built from (its POM, the reactor modules and parents it"
                + " uses, every script under scripts/ but the tests, the Maven Wrapper and .mvn/): " + listed
                + ". Add paths that match them, e.g. the file or its directory/**"));
    }
}
