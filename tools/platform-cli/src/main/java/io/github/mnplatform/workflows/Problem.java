package io.github.mnplatform.workflows;

import org.yaml.snakeyaml.nodes.Node;

/** One finding, printed as {@code FILE: message} or {@code FILE:LINE:COLUMN: message}. */
record Problem(String file, int line, int column, String message) {

    static Problem inFile(String file, String message) {
        return new Problem(file, 0, 0, message);
    }

    static Problem at(String file, Node node, String message) {
        return new Problem(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, message);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
