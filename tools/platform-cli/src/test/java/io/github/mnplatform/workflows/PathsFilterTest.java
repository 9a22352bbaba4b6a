package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathsFilterTest {

    @Test
    void doubleStarCrossesDirectoriesSingleStarDoesNot() {
        PathsFilter f = new PathsFilter(List.of("base-image/**", "*.xml"));
        assertTrue(f.matches("base-image/jib-base-extension/src/A.java"));
        assertTrue(f.matches("pom.xml"));
        assertFalse(f.matches("tiles/jib-tile/pom.xml"));
        assertFalse(f.matches("base-image"));
    }

    @Test
    void leadingDoubleStarMatchesAtTheTopToo() {
        PathsFilter f = new PathsFilter(List.of("**/pom.xml"));
        assertTrue(f.matches("pom.xml"));
        assertTrue(f.matches("a/b/pom.xml"));
        assertFalse(f.matches("a/pom.xml.bak"));
    }

    @Test
    void theLastMatchingPatternDecides() {
        PathsFilter f = new PathsFilter(List.of("scripts/**", "!scripts/test/**", "scripts/test/keep.bats"));
        assertTrue(f.matches("scripts/build-base.sh"));
        assertFalse(f.matches("scripts/test/e2e.bats"));
        assertTrue(f.matches("scripts/test/keep.bats"));
    }

    @Test
    void dotsAreLiteralAndCharacterClassesWork() {
        PathsFilter f = new PathsFilter(List.of(".mvn/**", "mvnw", "v[0-9].txt"));
        assertTrue(f.matches(".mvn/wrapper/maven-wrapper.properties"));
        assertFalse(f.matches("xmvn/wrapper/x"));
        assertTrue(f.matches("mvnw"));
        assertFalse(f.matches("mvnw.cmd"));
        assertTrue(f.matches("v1.txt"));
        assertFalse(f.matches("vx.txt"));
    }
}
