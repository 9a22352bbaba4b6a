package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real shellcheck (scripts/test.sh installs it before the Maven build). */
class ShellcheckTest {

    @TempDir
    Path dir;

    @Test
    void aFindingIsReportedAtItsLineAndColumnInTheWorkflow() throws Exception {
        Workflow wf = Fixtures.workflow(dir, "ci.yml", Fixtures.oneJob("""
                      - name: summary
                        run: |
                          echo "${{ github.sha }}"
                          echo "x" >> $GITHUB_STEP_SUMMARY
                      - shell: python
                        run: print($UNQUOTED)
                """));
        List<String> p = Shellcheck.check(wf).stream().map(Problem::toString).toList();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).matches("ci\\.yml:17:23: .*\\[SC2086] \\(shellcheck \\w+, job 'build', step 'summary'\\)"), p.get(0));
    }

    @Test
    void aCleanScriptPasses() throws Exception {
        Workflow wf = Fixtures.workflow(dir, "ci.yml", Fixtures.oneJob("""
                      - run: echo "${{ github.ref }}" >> "$GITHUB_STEP_SUMMARY"
                """));
        assertEquals(List.of(), Shellcheck.check(wf));
    }
}
