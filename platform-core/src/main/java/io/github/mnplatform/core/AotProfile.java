package io.github.mnplatform.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One AOT cache of the base image: the features whose jars it was trained with (none for
 * {@code base}, the common set), its training class path (the common jars in the base's order,
 * then each feature's jars in the order of the base's feature layers), and where the cache sits
 * in the image once trained. The JVM uses a cache only when the class path starts with its
 * training class path, so a service runs the longest profile all of whose jars it runs.
 */
public record AotProfile(String name, List<String> features, List<String> classpath, Optional<String> cache) {

    /** The profile of the common set, which every service runs. */
    public static final String BASE = "base";
    /** platform.aot's default: the longest profile whose jars the service runs exactly. */
    public static final String AUTO = "auto";
    /** platform.aot's value for no cache. */
    public static final String OFF = "off";
    /** Where the base image holds the caches: one file NAME.aot per profile. */
    public static final String CACHE_DIRECTORY = "/opt/mnplatform/aot/";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    /** Names platform.aot gives a meaning of its own. */
    private static final List<String> RESERVED = List.of(BASE, AUTO, OFF);

    public AotProfile {
        features = List.copyOf(features);
        classpath = List.copyOf(classpath);
    }

    public static String cachePath(String profile) {
        return CACHE_DIRECTORY + profile + ".aot";
    }

    /**
     * Parses the base's profile definitions, {@code NAME=FEATURE,FEATURE NAME=...} (blanks or
     * semicolons between profiles), against the features the base holds; {@link BaseJarList#SHARED}
     * is not one a profile may name.
     *
     * @throws IllegalArgumentException naming what is wrong and the known features
     */
    public static Map<String, List<String>> parseDefinitions(String definitions, Collection<String> knownFeatures) {
        Map<String, List<String>> profiles = new LinkedHashMap<>();
        if (definitions == null || definitions.isBlank()) {
            return profiles;
        }
        for (String definition : definitions.trim().split("[\\s;]+")) {
            int equals = definition.indexOf('=');
            String name = equals < 0 ? definition : definition.substring(0, equals);
            if (equals < 0 || !NAME.matcher(name).matches() || RESERVED.contains(name) || profiles.containsKey(name)) {
                throw new IllegalArgumentException("AOT cache profile '" + definition + "': write NAME=FEATURE,FEATURE"
                        + " with a new lower-case NAME other than " + RESERVED);
            }
            List<String> features = new ArrayList<>();
            for (String feature : definition.substring(equals + 1).split(",")) {
                if (feature.equals(BaseJarList.SHARED)) {
                    throw new IllegalArgumentException("AOT cache profile '" + name + "' names '" + feature + "', the base's"
                            + " own jars (JDBC drivers), which no cache is trained on: name feature tiles only");
                }
                if (!knownFeatures.contains(feature)) {
                    throw new IllegalArgumentException("AOT cache profile '" + name + "' names the feature '" + feature
                            + "', which the base does not hold; its features: " + knownFeatures);
                }
                features.add(feature);
            }
            profiles.put(name, features);
        }
        return profiles;
    }

    /** The training class path of a profile: the common jars, then the features' jars in the base's feature order. */
    public static List<String> classpathOf(List<String> features, List<String> commonJars, Map<String, List<String>> featureJars) {
        List<String> classpath = new ArrayList<>(commonJars);
        featureJars.forEach((feature, jars) -> {
            if (features.contains(feature)) {
                classpath.addAll(jars);
            }
        });
        return classpath;
    }
}
