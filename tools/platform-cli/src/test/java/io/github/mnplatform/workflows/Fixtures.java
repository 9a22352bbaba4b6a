package io.github.mnplatform.workflows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small workflows and repositories written into a test's temporary directory. */
final class Fixtures {

    private Fixtures() {}

    static Path write(Path dir, String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Workflow workflow(Path dir, String relative, String yaml) {
        Path file = write(dir, relative, yaml);
        try {
            return Workflow.load(relative, file);
        } catch (IOException | Workflow.Invalid e) {
            throw new AssertionError(e);
        }
    }

    /** A workflow with one job "build" whose steps are STEPS (YAML, indented by six spaces). */
    static String oneJob(String steps) {
        return """
                name: t
                on: push
                permissions:
                  contents: read
                concurrency:
                  group: t
                defaults:
                  run:
                    shell: bash
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                """ + steps;
    }
}
