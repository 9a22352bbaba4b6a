package io.github.mnplatform.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AotProfileTest {

    private static final List<String> FEATURES = List.of("data-jdbc", "flyway", BaseJarList.SHARED);

    @Test
    void definitionsNameFeatureTilesOfTheBase() {
        assertEquals(Map.of("data", List.of("data-jdbc", "flyway")), AotProfile.parseDefinitions("data=data-jdbc,flyway", FEATURES));
    }

    @Test
    void aProfileOfTheBasesOwnJarsIsRefusedWhenParsed() {
        // The base holds a group "shared" (its JDBC drivers), which the trainer never runs.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AotProfile.parseDefinitions("drivers=data-jdbc,shared", FEATURES));
        assertTrue(e.getMessage().contains("AOT cache profile 'drivers' names 'shared', the base's own jars"), e.getMessage());
    }

    @Test
    void reservedNamesAreRefused() {
        for (String name : List.of(AotProfile.BASE, AotProfile.AUTO, AotProfile.OFF)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AotProfile.parseDefinitions(name + "=flyway", FEATURES));
            assertTrue(e.getMessage().contains("other than [base, auto, off]"), e.getMessage());
        }
    }
}
