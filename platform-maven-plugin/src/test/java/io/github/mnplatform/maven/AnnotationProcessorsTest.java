package io.github.mnplatform.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationProcessorsTest {

    private static final String TILE = "io.github.mnplatform:micronaut-tile:1.0.0";
    private static final Map<String, List<String>> DECLARED = Map.of(TILE,
            List.of("io.micronaut:micronaut-inject-java", "io.micronaut:micronaut-http-validation"));

    @Test
    void nothingMissingWhenEveryExecutionRunsTheTilesProcessorsAndMore() {
        var paths = List.of("io.micronaut:micronaut-inject-java", "io.micronaut:micronaut-http-validation",
                "io.micronaut.data:micronaut-data-processor");
        assertTrue(AnnotationProcessors.missing(DECLARED, Map.of("default-compile", paths, "default-testCompile", paths)).isEmpty());
    }

    @Test
    void aProcessorListThatReplacedTheTilesOnesByPositionIsNamedWithTheFix() {
        // What Maven's merge gives for a service listing micronaut-data-processor the plain way.
        var replaced = List.of("io.micronaut.data:micronaut-data-processor", "io.micronaut:micronaut-http-validation");
        String message = AnnotationProcessors.missing(DECLARED, Map.of("default-compile", replaced)).orElseThrow();
        assertTrue(message.contains("io.micronaut:micronaut-inject-java (from " + TILE + ")"), message);
        assertTrue(!message.contains("micronaut-http-validation (from"), message);
        assertTrue(message.contains("default-compile"), message);
        assertTrue(message.contains("combine.children=\"append\""), message);
        assertTrue(message.contains("no bean definition for the test present"), message);
    }

    @Test
    void anExecutionWithoutProcessorPathsMissesThemAll() {
        String message = AnnotationProcessors.missing(DECLARED, Map.of("default-testCompile", List.of())).orElseThrow();
        assertTrue(message.contains("io.micronaut:micronaut-inject-java, io.micronaut:micronaut-http-validation (from " + TILE + ")"), message);
    }

    @Test
    void noTileWithProcessorsOrNoCompilerExecutionMeansNothingToCheck() {
        assertEquals(java.util.Optional.empty(), AnnotationProcessors.missing(Map.of(), Map.of("default-compile", List.of())));
        assertEquals(java.util.Optional.empty(), AnnotationProcessors.missing(DECLARED, Map.of()));
    }
}
