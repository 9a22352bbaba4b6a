package io.github.mnplatform.workflows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every tracked file that starts with {@code #!} must be committed with mode 100755: a checkout
 * takes the mode from git, not from the machine the file was written on, and a 100644 script that
 * a workflow (or a reader of the README) runs directly fails with "Permission denied" (exit 126).
 * git records the mode ({@code git ls-files -s}); what it cannot tell is which files are meant to
 * run, and a {@code #!} line says so.
 */
final class ExecutableCheck {

    private static final byte[] SHEBANG = {'#', '!'};

    private ExecutableCheck() {}

    static List<Problem> check(Path repo, GitIndex index) throws IOException {
        List<Problem> problems = new ArrayList<>();
        for (String path : index.filesUnder("")) {
            String mode = index.mode(path);
            // 100644: a regular file that is not executable (a link, 120000, or submodule has its own mode).
            if (mode.equals(GitIndex.REGULAR) && startsWithShebang(repo.resolve(path))) {
                problems.add(Problem.inFile(path, "starts with #! but is committed as mode " + mode
                        + ", not executable: git update-index --chmod=+x " + path + " and commit"));
            }
        }
        return problems;
    }

    private static boolean startsWithShebang(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false; // deleted in the working tree
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(2), SHEBANG);
        }
    }
}
