package io.github.mnplatform.workflows;

import static io.github.mnplatform.workflows.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableCheckTest {

    @TempDir
    Path repo;

    private List<String> problems(Map<String, String> modes) throws Exception {
        write(repo, ".ci/run", "#!/usr/bin/env bash\nscripts/test.sh\n");
        write(repo, "mvnw", "#!/bin/sh\n");
        write(repo, "README.md", "# A heading, not #!\n");
        write(repo, "pom.xml", "<project/>\n");
        return ExecutableCheck.check(repo, new GitIndex(modes)).stream().map(Problem::toString).toList();
    }

    @Test
    void scriptsCommittedAs100755AndOtherFilesAs100644Pass() throws Exception {
        assertEquals(List.of(), problems(Map.of(".ci/run", "100755", "mvnw", "100755", "README.md", "100644",
                "pom.xml", "100644")));
    }

    @Test
    void aScriptCommittedAs100644FailsWithTheFix() throws Exception {
        assertEquals(List.of(".ci/run: starts with #! but is committed as mode 100644, not executable:"
                        + " git update-index --chmod=+x .ci/run and commit"),
                problems(Map.of(".ci/run", "100644", "mvnw", "100755", "pom.xml", "100644")));
    }

    @Test
    void aTrackedFileMissingFromTheWorkingTreeIsNoScript() throws Exception {
        assertEquals(List.of(), problems(Map.of("mvnw", "100755", "gone.sh", "100644")));
    }

    @Test
    void theIndexIsReadFromGitLsFilesOutput() {
        GitIndex index = GitIndex.parse("100755 0e7d29176259587dfad9ab7738784a62e4c3f00f 0\tscripts/a b.sh\0"
                + "100644 367ab484da83423a5fe44136833738058785b133 0\tpom.xml\0");
        assertEquals("100755", index.mode("scripts/a b.sh"));
        assertEquals("100644", index.mode("pom.xml"));
        assertEquals(null, index.mode("mvnw"));
    }
}
