package io.github.mnplatform.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the compiler still runs the annotation processors that the service's tiles declare.
 *
 * <p>Maven merges a service's {@code <annotationProcessorPaths>} into the tiles' list element by
 * element, by position: a service that lists its own processor the plain-Maven way replaces the
 * tile's first one ({@code micronaut-inject-java}), the build compiles, and every
 * {@code @MicronautTest} fails later with "no bean definition for the test present". This check
 * fails the build before compiling instead, with the fix.
 */
final class AnnotationProcessors {

    private AnnotationProcessors() {
    }

    /**
     * The processors a tile declares that a compiler execution would run without.
     *
     * @param declaredByTile tile coordinates to the {@code groupId:artifactId} of each processor it declares
     * @param pathsByExecution compiler execution id to the {@code groupId:artifactId} of each processor path it runs
     * @return a message naming what is missing, where and how to fix it; empty when nothing is missing
     */
    static Optional<String> missing(Map<String, List<String>> declaredByTile, Map<String, List<String>> pathsByExecution) {
        Map<String, Set<String>> missingByTile = new LinkedHashMap<>();
        Set<String> executions = new LinkedHashSet<>();
        pathsByExecution.forEach((execution, paths) -> declaredByTile.forEach((tile, declared) -> {
            for (String processor : declared) {
                if (!paths.contains(processor)) {
                    missingByTile.computeIfAbsent(tile, key -> new LinkedHashSet<>()).add(processor);
                    executions.add(execution);
                }
            }
        }));
        if (missingByTile.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        lines.add("the compiler would run without annotation processors that the platform's tiles declare ("
                + String.join(", ", executions) + "):");
        missingByTile.forEach((tile, processors) -> lines.add("  " + String.join(", ", processors) + " (from " + tile + ")"));
        lines.add("The service's own <annotationProcessorPaths> replaced them: Maven merges that list with the tiles'"
                + " element by element. Without them Micronaut generates no bean definitions, and every @MicronautTest"
                + " fails with \"no bean definition for the test present\".");
        lines.add("Fix: add your processors with combine.children=\"append\", which keeps the tiles' ones:");
        lines.add("  <annotationProcessorPaths combine.children=\"append\"> <path>...</path> </annotationProcessorPaths>");
        lines.add("or, for a feature the platform has a tile for (" + String.join(", ", PlatformTiles.FEATURES.keySet().stream()
                .map(feature -> feature + "-tile").toList()) + "), add that <tile>: it brings"
                + " its processors. The platform's docs/services.md: \"Annotation processors\".");
        return Optional.of(String.join(System.lineSeparator(), lines));
    }
}
