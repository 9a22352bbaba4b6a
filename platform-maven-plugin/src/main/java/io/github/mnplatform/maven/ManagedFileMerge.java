package io.github.mnplatform.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings the template's change to the files it manages into a service: per file, a three-way
 * merge of the service's copy with the template's change from one rendering (the base) to
 * another, by git's own {@code git merge-file}, which writes the usual conflict markers. Our
 * own code decides only what git cannot: a file the template added, removed, or that the
 * service removed.
 */
final class ManagedFileMerge {

    /** What happens to one managed file. */
    enum Outcome {
        /** Nothing to do: the template did not change it, or the service has it already. */
        UNCHANGED,
        /** The template's change merged into the service's copy (or taken, where the service had not edited it). */
        MERGED,
        /** The template added it. */
        ADDED,
        /** The template removed it, and the service had not edited it. */
        REMOVED,
        /** The template changed or removed it, and the service had removed or edited it: the service's copy stays. */
        KEPT,
        /** Both changed the same lines: written with conflict markers. */
        CONFLICT
    }

    /**
     * @param file    the path in the service, '/' separated
     * @param content the bytes to write; empty to delete (REMOVED) or to leave alone
     */
    record Change(String file, Outcome outcome, Optional<byte[]> content) {
        boolean writes() {
            return outcome == Outcome.MERGED || outcome == Outcome.ADDED || outcome == Outcome.CONFLICT;
        }
    }

    private ManagedFileMerge() {
    }

    /**
     * @param base    the template rendered at the service's version, or empty when the service's
     *                managed files are its own (a migrated project): then every difference is the
     *                service's, and merges against an empty file
     * @param target  the template rendered at the version to move to
     * @param labels  the conflict labels of base and target, e.g. "template 0.1.0"
     */
    static List<Change> plan(Optional<Path> base, Path target, Path service, Collection<String> managed, String[] labels)
            throws IOException {
        List<Change> changes = new ArrayList<>();
        for (String file : new TreeSet<>(managed)) {
            byte[] ours = read(service.resolve(file));
            byte[] theirs = inLineEndingsOf(ours, read(target.resolve(file)));
            byte[] original = inLineEndingsOf(ours, base.isPresent() ? read(base.get().resolve(file)) : new byte[0]);
            changes.add(change(file, original, theirs, ours, labels));
        }
        return changes;
    }

    /**
     * TEMPLATE in the line endings of the service's copy OURS, when all its lines end alike: a
     * checkout may have CRLF where the template has LF (Git for Windows' core.autocrlf), or LF
     * where it has CRLF (mvnw.cmd under text=auto), and only the template's real changes count.
     */
    static byte[] inLineEndingsOf(byte[] ours, byte[] template) {
        if (ours == null || template == null) {
            return template;
        }
        // ISO-8859-1 maps every byte to one char and back: the bytes stay as they are.
        String service = new String(ours, StandardCharsets.ISO_8859_1);
        int lines = service.split("\n", -1).length - 1;
        int crlf = service.split("\r\n", -1).length - 1;
        if (lines == 0 || (crlf != 0 && crlf != lines)) {
            return template;
        }
        String lf = new String(template, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        return (crlf == lines ? lf.replace("\n", "\r\n") : lf).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Change change(String file, byte[] base, byte[] theirs, byte[] ours, String[] labels) throws IOException {
        if (Arrays.equals(base, theirs) || (ours != null && Arrays.equals(ours, theirs))) {
            return new Change(file, Outcome.UNCHANGED, Optional.empty());
        }
        if (theirs == null) {
            return Arrays.equals(ours, base) ? new Change(file, Outcome.REMOVED, Optional.empty())
                    : new Change(file, ours == null ? Outcome.UNCHANGED : Outcome.KEPT, Optional.empty());
        }
        if (ours == null) {
            return base == null || base.length == 0 ? new Change(file, Outcome.ADDED, Optional.of(theirs))
                    : new Change(file, Outcome.KEPT, Optional.empty());
        }
        if (base != null && Arrays.equals(ours, base)) {
            return new Change(file, Outcome.MERGED, Optional.of(theirs));
        }
        return mergeFile(file, ours, base == null ? new byte[0] : base, theirs, labels);
    }

    /** git merge-file: its exit status is the number of conflicts, negative on an error. */
    private static Change mergeFile(String file, byte[] ours, byte[] base, byte[] theirs, String[] labels) throws IOException {
        Path dir = Files.createTempDirectory("platform-merge");
        try {
            Path current = Files.write(dir.resolve("current"), ours);
            Path original = Files.write(dir.resolve("base"), base);
            Path other = Files.write(dir.resolve("other"), theirs);
            Process git = new ProcessBuilder("git", "merge-file", "-p", "-L", "service", "-L", labels[0], "-L", labels[1],
                    current.toString(), original.toString(), other.toString()).redirectError(dir.resolve("err").toFile()).start();
            byte[] merged = git.getInputStream().readAllBytes();
            int status = git.waitFor();
            if (status < 0 || status > 127) {
                throw new IOException("git merge-file failed on " + file + " (exit " + status + "): "
                        + Files.readString(dir.resolve("err"), StandardCharsets.UTF_8).strip());
            }
            return new Change(file, status == 0 ? Outcome.MERGED : Outcome.CONFLICT, Optional.of(merged));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while merging " + file, e);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** Writes the changes into the service; a file the template added gets the template's permissions (mvnw). */
    static void apply(Path target, Path service, List<Change> changes) throws IOException {
        for (Change change : changes) {
            Path file = service.resolve(change.file());
            if (change.outcome() == Outcome.REMOVED) {
                Files.deleteIfExists(file);
            } else if (change.writes()) {
                Files.createDirectories(file.getParent());
                Files.write(file, change.content().orElseThrow());
                if (change.outcome() == Outcome.ADDED && Files.getFileStore(file).supportsFileAttributeView("posix")) {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target.resolve(change.file()));
                    Files.setPosixFilePermissions(file, permissions);
                }
            }
        }
    }

    private static byte[] read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }
}
