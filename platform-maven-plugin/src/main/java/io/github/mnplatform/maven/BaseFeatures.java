package io.github.mnplatform.maven;

import io.github.mnplatform.core.BaseJarList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which jars of the base image the feature tiles bring. The base applies the Micronaut tile and
 * every feature tile; a jar is common when the Micronaut tile's dependencies alone need it (a
 * service without features runs it), otherwise it belongs to the first feature, in the order of
 * the tiles, whose dependencies need it. Each set is Maven's own resolution of one tile's
 * dependencies, so a jar that a feature reaches first but the common set needs too stays common.
 * The base's own dependencies (drivers) come last, as the group {@link BaseJarList#SHARED}.
 */
final class BaseFeatures {

    private BaseFeatures() {
    }

    /** A feature tile's name: its artifactId without "-tile" (data-jdbc-tile: data-jdbc). */
    static String featureName(String tileArtifactId) {
        return tileArtifactId.endsWith("-tile") ? tileArtifactId.substring(0, tileArtifactId.length() - 5) : tileArtifactId;
    }

    /**
     * @param jar             groupId:artifactId of a jar of the base
     * @param common          groupId:artifactId of every jar the common tile's dependencies resolve to
     * @param neededByFeature per feature, in the order of the tiles, the same for its dependencies
     * @return the feature the jar is shared by, or empty when it is common
     * @throws IllegalStateException when nothing needs the jar
     */
    static Optional<String> featureOf(String jar, Set<String> common, Map<String, Set<String>> neededByFeature) {
        if (common.contains(jar)) {
            return Optional.empty();
        }
        for (Map.Entry<String, Set<String>> feature : neededByFeature.entrySet()) {
            if (feature.getValue().contains(jar)) {
                return Optional.of(feature.getKey());
            }
        }
        throw new IllegalStateException(jar + " is on the base's class path, but neither the common set, a feature tile"
                + " nor the base's own dependencies need it");
    }

    /** featureOf for each jar: jar to feature, for the jars of a feature, in the jars' order. */
    static Map<String, String> features(List<String> jars, Set<String> common, Map<String, Set<String>> neededByFeature) {
        Map<String, String> features = new LinkedHashMap<>();
        for (String jar : jars) {
            featureOf(jar, common, neededByFeature).ifPresent(feature -> features.put(jar, feature));
        }
        return features;
    }
}
