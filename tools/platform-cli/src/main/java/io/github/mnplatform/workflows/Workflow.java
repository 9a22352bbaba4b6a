package io.github.mnplatform.workflows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A GitHub Actions workflow as a YAML node tree: the nodes keep their line and column, so every
 * finding can point at its place in the file.
 */
final class Workflow {

    record Job(String name, Node key, MappingNode body) {}

    record Step(Job job, int number, MappingNode body) {
        /** How the finding names the step: its name, else what it uses, else its number. */
        String label() {
            String name = scalar(get(body, "name"));
            if (name != null) {
                return name;
            }
            String uses = scalar(get(body, "uses"));
            return uses != null ? uses : "step " + number;
        }
    }

    /**
     * A {@code run:} script of a bash or sh step. {@code firstLine} is the 1-based line in the
     * workflow file of the script's first line; {@code column} the 0-based column its text starts at.
     */
    record RunScript(Step step, ScalarNode node, String text, int firstLine, int column) {
        /** The workflow file's line of a 1-based line of the script. */
        int fileLine(int scriptLine) {
            return firstLine + scriptLine - 1;
        }
    }

    final String name;
    final Path file;
    final MappingNode root;

    private Workflow(String name, Path file, MappingNode root) {
        this.name = name;
        this.file = file;
        this.root = root;
    }

    /** Thrown when a file is not YAML, or not a mapping at the top. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** Loads FILE; NAME is how findings name it. */
    static Workflow load(String name, Path file) throws IOException, Invalid {
        String text = Files.readString(file);
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (YAMLException e) {
            throw new Invalid("not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new Invalid("not a workflow: no mapping at the top");
        }
        return new Workflow(name, file, mapping);
    }

    /** The value of KEY in a mapping node, or null. */
    static Node get(Node map, String key) {
        if (map instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    /** The text of a scalar node, or null for anything else. */
    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** The scalars of a sequence node (a single scalar counts as a list of one). */
    static List<ScalarNode> scalars(Node node) {
        List<ScalarNode> out = new ArrayList<>();
        if (node instanceof ScalarNode s) {
            out.add(s);
        } else if (node instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                if (n instanceof ScalarNode s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The trigger mapping. YAML 1.1 reads a bare {@code on} as a boolean, but the node keeps its text. */
    Node on() {
        return get(root, "on");
    }

    List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        if (get(root, "jobs") instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    MappingNode body = t.getValueNode() instanceof MappingNode m ? m : null;
                    jobs.add(new Job(k.getValue(), k, body));
                }
            }
        }
        return jobs;
    }

    List<Step> steps(Job job) {
        List<Step> steps = new ArrayList<>();
        if (get(job.body(), "steps") instanceof SequenceNode seq) {
            int number = 0;
            for (Node n : seq.getValue()) {
                number++;
                if (n instanceof MappingNode m) {
                    steps.add(new Step(job, number, m));
                }
            }
        }
        return steps;
    }

    /** The run: scripts of every bash or sh step, in file order. */
    List<RunScript> shellScripts() {
        List<String> lines = null;
        List<RunScript> out = new ArrayList<>();
        for (Job job : jobs()) {
            for (Step step : steps(job)) {
                if (!(get(step.body(), "run") instanceof ScalarNode run)) {
                    continue;
                }
                String shell = shellOf(job, step).split("\\s+")[0];
                if (!shell.equals("bash") && !shell.equals("sh")) {
                    continue;
                }
                int first;
                int column;
                if (run.getScalarStyle() == ScalarStyle.LITERAL || run.getScalarStyle() == ScalarStyle.FOLDED) {
                    // The script starts on the line after "run: |", at that line's indentation.
                    if (lines == null) {
                        lines = readLines();
                    }
                    int index = run.getStartMark().getLine() + 1;
                    String content = index < lines.size() ? lines.get(index) : "";
                    first = index + 1;
                    column = content.length() - content.stripLeading().length();
                } else {
                    first = run.getStartMark().getLine() + 1;
                    column = run.getStartMark().getColumn();
                }
                out.add(new RunScript(step, run, run.getValue(), first, column));
            }
        }
        return out;
    }

    /** The shell of a step: its own, else the job's or the workflow's default, else bash. */
    private String shellOf(Job job, Step step) {
        String shell = scalar(get(step.body(), "shell"));
        if (shell == null) {
            shell = scalar(get(get(get(job.body(), "defaults"), "run"), "shell"));
        }
        if (shell == null) {
            shell = scalar(get(get(get(root, "defaults"), "run"), "shell"));
        }
        return shell == null || shell.isBlank() ? "bash" : shell.strip();
    }

    private List<String> readLines() {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
