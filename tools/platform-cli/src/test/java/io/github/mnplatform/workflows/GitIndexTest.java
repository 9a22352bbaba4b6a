package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GitIndexTest {

    @Test
    void theIndexIsReadFromGitLsFilesOutput() {
        GitIndex index = GitIndex.parse("100755 0e7d29176259587dfad9ab7738784a62e4c3f00f 0\tscripts/a b.sh\0"
                + "100644 367ab484da83423a5fe44136833738058785b133 0\tpom.xml\0");
        assertTrue(index.contains("scripts/a b.sh"));
        assertTrue(index.contains("pom.xml"));
        assertFalse(index.contains("mvnw"));
    }
}
