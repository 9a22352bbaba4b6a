package io.github.mnplatform.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseRecipesTest {

    @Test
    void aReleaseRecipeIsNamedAndFiledAfterItsVersion() {
        assertEquals("META-INF/rewrite/platform-0.2.0-rc1.yml", ReleaseRecipes.file("0.2.0-rc1"));
        assertEquals("io.github.mnplatform.UpdateTo_0_2_0_rc1", ReleaseRecipes.name("0.2.0-rc1"));
        assertEquals(Optional.of("0.2.0-rc1"), ReleaseRecipes.versionOf(ReleaseRecipes.file("0.2.0-rc1")));
        assertEquals(Optional.empty(), ReleaseRecipes.versionOf("META-INF/rewrite/other.yml"));
        assertEquals(Optional.empty(), ReleaseRecipes.versionOf("META-INF/maven/platform-0.2.0.yml"));
    }

    @Test
    void aMoveRunsTheRecipesOfTheVersionsItCrossesOldestFirst() {
        List<String> available = List.of("0.10.0", "0.2.0", "0.3.0", "0.1.0", "0.3.1-SNAPSHOT");
        assertEquals(List.of("0.2.0", "0.3.0"), ReleaseRecipes.crossed("0.1.0", "0.3.0", available));
        assertEquals(List.of("0.1.0", "0.2.0", "0.3.0", "0.3.1-SNAPSHOT", "0.10.0"),
                ReleaseRecipes.crossed("0.1.0-SNAPSHOT", "0.10.0", available));
        assertEquals(List.of(), ReleaseRecipes.crossed("0.3.0", "0.3.0", available));
        assertEquals(List.of("0.1.0"), ReleaseRecipes.crossed("0.1.0-SNAPSHOT", "0.1.0", available));
    }
}
