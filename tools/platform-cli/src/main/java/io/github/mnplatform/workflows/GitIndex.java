package io.github.mnplatform.workflows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The files of a git repository's index with their modes ({@code git ls-files -s}): what a checkout gets. */
final class GitIndex {

    private final SortedMap<String, String> modes;

    GitIndex(Map<String, String> modes) {
        this.modes = new TreeMap<>(modes);
    }

    /** Reads the index of the repository at ROOT. */
    static GitIndex read(Path root) throws IOException {
        Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-s", "-z")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (git.waitFor() != 0) {
                throw new IOException("git ls-files -s failed in " + root + " (is it a git checkout?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the git index of " + root, e);
        }
        return parse(out);
    }

    /** Parses the output of {@code git ls-files -s -z}: "MODE OBJECT STAGE\tPATH" records ended by NUL. */
    static GitIndex parse(String lsFilesOutput) {
        Map<String, String> modes = new TreeMap<>();
        for (String record : lsFilesOutput.split("\0")) {
            int tab = record.indexOf('\t');
            if (tab > 0) {
                modes.put(record.substring(tab + 1), record.substring(0, record.indexOf(' ')));
            }
        }
        return new GitIndex(modes);
    }

    boolean contains(String path) {
        return modes.containsKey(path);
    }

    /** The tracked files under DIRECTORY ("" for all). */
    Iterable<String> filesUnder(String directory) {
        if (directory.isEmpty()) {
            return modes.keySet();
        }
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        return modes.subMap(prefix, prefix + Character.MAX_VALUE).keySet();
    }
}
