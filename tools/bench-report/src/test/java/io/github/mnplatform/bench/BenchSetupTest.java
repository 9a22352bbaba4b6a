package io.github.mnplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSetupTest {

    private static final String POM = "<project>\n  <properties/>\n\n  <build>\n    <plugins/>\n  </build>\n</project>\n";

    @Test
    void extrasBecomeDependenciesBeforeTheBuildAndTheProfilesEndTheProject() {
        String pom = BenchSetup.apply(POM, List.of("org.postgresql:postgresql:42.7.4", "com.zaxxer:HikariCP:6.0.0"));
        assertTrue(pom.contains("  <dependencies>\n    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql"
                + "</artifactId><version>42.7.4</version></dependency>\n    <dependency><groupId>com.zaxxer</groupId>"), pom);
        assertTrue(pom.indexOf("</dependencies>") < pom.indexOf("  <build>"), pom);
        assertTrue(pom.contains("<id>bench-plain</id>") && pom.contains("<id>bench-fat</id>"), pom);
        assertTrue(pom.endsWith("  </profiles>\n</project>\n"), pom);
    }

    @Test
    void extrasJoinTheDependenciesOfAServiceWithFeatures() {
        String withFeatures = POM.replace("  <build>", "  <dependencies>\n    <dependency><artifactId>h2</artifactId></dependency>\n"
                + "  </dependencies>\n\n  <build>");
        String pom = BenchSetup.apply(withFeatures, List.of("com.zaxxer:HikariCP:6.0.0"));
        assertEquals(1, pom.split("\n  <dependencies>\n", -1).length - 1, pom);
        assertTrue(pom.contains("  <dependencies>\n    <dependency><groupId>com.zaxxer</groupId><artifactId>HikariCP</artifactId>"
                + "<version>6.0.0</version></dependency>\n    <dependency><artifactId>h2</artifactId>"), pom);
    }

    @Test
    void anExtraWithoutAVersionTakesTheBomsVersion() {
        String pom = BenchSetup.apply(POM, List.of("org.postgresql:postgresql"));
        assertTrue(pom.contains("    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId>"
                + "</dependency>\n"), pom);
    }

    @Test
    void withoutExtrasOnlyTheProfilesAreAdded() {
        String pom = BenchSetup.apply(POM, List.of());
        assertTrue(!pom.contains("<dependencies>\n    <dependency><groupId>"), pom);
        assertEquals(POM.substring(0, POM.lastIndexOf("</project>")), pom.substring(0, POM.lastIndexOf("</project>")));
    }

    @Test
    void aMalformedExtraOrAnotherFileIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchSetup.apply(POM, List.of("postgresql")));
        assertThrows(IllegalArgumentException.class, () -> BenchSetup.apply(POM, List.of("a:b:c:d")));
        assertThrows(IllegalArgumentException.class, () -> BenchSetup.apply("<settings/>", List.of()));
    }
}
