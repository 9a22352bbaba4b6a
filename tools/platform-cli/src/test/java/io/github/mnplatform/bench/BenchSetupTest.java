package io.github.mnplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnplatform.core.PomDocument;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class BenchSetupTest {

    private static final String POM = "<project>\n  <properties/>\n\n  <build>\n    <plugins/>\n  </build>\n</project>\n";

    /** groupId:artifactId[:version] of each dependency of the project, in order. */
    private static List<String> dependencies(String pom) {
        Element project = PomDocument.parse(pom).root();
        return PomDocument.children(PomDocument.child(project, "dependencies").orElseThrow(), "dependency").stream()
                .map(d -> PomDocument.childText(d, "groupId") + ":" + PomDocument.childText(d, "artifactId")
                        + (PomDocument.childText(d, "version") == null ? "" : ":" + PomDocument.childText(d, "version")))
                .toList();
    }

    @Test
    void extrasBecomeDependenciesBeforeTheBuildAndTheProfilesEndTheProject() {
        String pom = BenchSetup.apply(POM, List.of("org.postgresql:postgresql:42.7.4", "com.zaxxer:HikariCP:6.0.0"));
        assertEquals(List.of("org.postgresql:postgresql:42.7.4", "com.zaxxer:HikariCP:6.0.0"), dependencies(pom));
        assertTrue(pom.contains("  <dependencies>\n    <dependency>\n      <groupId>org.postgresql</groupId>\n"), pom);
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
        assertEquals(List.of("null:h2", "com.zaxxer:HikariCP:6.0.0"), dependencies(pom));
    }

    @Test
    void anExtraWithoutAVersionTakesTheBomsVersion() {
        assertEquals(List.of("org.postgresql:postgresql"), dependencies(BenchSetup.apply(POM, List.of("org.postgresql:postgresql"))));
    }

    @Test
    void withoutExtrasOnlyTheProfilesAreAdded() {
        String pom = BenchSetup.apply(POM, List.of());
        assertTrue(PomDocument.child(PomDocument.parse(pom).root(), "dependencies").isEmpty(), pom);
        assertEquals(POM.substring(0, POM.lastIndexOf("</project>")), pom.substring(0, POM.lastIndexOf("</project>")));
    }

    @Test
    void aMalformedExtraOrAnotherFileIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchSetup.apply(POM, List.of("postgresql")));
        assertThrows(IllegalArgumentException.class, () -> BenchSetup.apply(POM, List.of("a:b:c:d")));
        assertThrows(IllegalArgumentException.class, () -> BenchSetup.apply("<settings/>", List.of()));
    }
}
