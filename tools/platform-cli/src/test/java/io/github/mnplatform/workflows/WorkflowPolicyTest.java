package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowPolicyTest {

    @TempDir
    Path dir;

    @Test
    void wrongUsageExits2() {
        assertEquals(2, WorkflowPolicy.run(new String[] {}));
        assertEquals(2, WorkflowPolicy.run(new String[] {"lint", "a.yml"}));
        assertEquals(2, WorkflowPolicy.run(new String[] {"policy", "a.yml"}));
        assertEquals(2, WorkflowPolicy.run(new String[] {"policy", "--repo"}));
        assertEquals(2, WorkflowPolicy.run(new String[] {"shellcheck"}));
    }

    @Test
    void aFileThatIsNotYamlIsAProblemAndTheNextFileIsStillChecked() throws Exception {
        Path bad = Fixtures.write(dir, "bad.yml", "jobs: [unclosed\n");
        Path good = Fixtures.write(dir, "good.yml", "on: push\nconcurrency: x\njobs: {}\n");
        List<String> p = WorkflowPolicy.policy(dir, BaseImageInputs.BASE_POM, List.of(bad.toString(), good.toString()))
                .stream().map(Problem::toString).toList();
        assertEquals(2, p.size(), p.toString());
        assertEquals(bad + ": not valid YAML", p.get(0).substring(0, bad.toString().length() + 16));
        assertEquals(good + ": no jobs", p.get(1));
    }
}
