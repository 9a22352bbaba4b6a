package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableCheckTest {

    @TempDir
    Path dir;

    private List<String> problems(Map<String, String> modes) {
        Workflow wf = Fixtures.workflow(dir, "ci.yml", Fixtures.oneJob("""
                      - name: test
                        run: |
                          echo start
                          sudo -E env "PATH=$PATH" .ci/run
                      - run: ./mvnw -B verify
                """));
        return ExecutableCheck.check(wf, new GitIndex(modes)).stream().map(Problem::toString).toList();
    }

    @Test
    void executablesCommittedAs100755Pass() {
        assertEquals(List.of(), problems(Map.of(".ci/run", "100755", "mvnw", "100755")));
    }

    @Test
    void aScriptCommittedAs100644FailsAtItsLine() {
        List<String> p = problems(Map.of(".ci/run", "100644", "mvnw", "100755"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("ci.yml:14:11: job 'build', step 'test': .ci/run is run directly but committed"
                + " as mode 100644, not executable: git update-index --chmod=+x .ci/run"), p.get(0));
    }

    @Test
    void aScriptThatIsNotInGitFails() {
        List<String> p = problems(Map.of(".ci/run", "100755"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("step 'step 2': ./mvnw is run directly but is not a file in git"), p.get(0));
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
