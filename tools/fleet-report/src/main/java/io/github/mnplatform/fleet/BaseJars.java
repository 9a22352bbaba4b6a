package io.github.mnplatform.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The jar list of a platform base image (base-jars.properties, written by the Jib extension's
 * BaseJarList): every jar of the base as PATH=SHA-256, and which of them feature tiles bring,
 * features=NAME,NAME (in the order of the base's layers) and feature.NAME=PATH:PATH. The jars
 * that no feature.NAME names are the common set.
 *
 * @param sha256ByPath every jar of the base: its path in the image and its SHA-256 (hex)
 * @param featureJars  the paths each feature tile brings, features in the order of the base's layers
 */
record BaseJars(Map<String, String> sha256ByPath, Map<String, List<String>> featureJars) {

    static final String JAR_DIRECTORY = "/app/libs/";
    static final String COMMON = "common";

    BaseJars {
        sha256ByPath = Collections.unmodifiableMap(new TreeMap<>(sha256ByPath));
        featureJars = Collections.unmodifiableMap(new LinkedHashMap<>(featureJars));
    }

    static BaseJars parse(byte[] properties) throws IOException {
        Properties list = new Properties();
        list.load(new StringReader(new String(properties, StandardCharsets.UTF_8)));
        Map<String, String> jars = new TreeMap<>();
        for (String key : list.stringPropertyNames()) {
            if (key.startsWith(JAR_DIRECTORY)) {
                jars.put(key, list.getProperty(key).trim());
            }
        }
        Map<String, List<String>> features = new LinkedHashMap<>();
        for (String feature : split(list.getProperty("features", ""), ",")) {
            features.put(feature, split(list.getProperty("feature." + feature, ""), ":"));
        }
        return new BaseJars(jars, features);
    }

    /** As {@link #parse}, for a stream: a list that Properties cannot read (it reads any text) is not expected. */
    static BaseJars parseUnchecked(byte[] properties) {
        try {
            return parse(properties);
        } catch (IOException e) {
            throw new FleetException("cannot read the base's jar list: " + e.getMessage(), e);
        }
    }

    private static List<String> split(String value, String separator) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(separator)) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    /** The feature tile that brings the jar at this path, or "common" for the common set. */
    String tileOf(String path) {
        for (Map.Entry<String, List<String>> feature : featureJars.entrySet()) {
            if (feature.getValue().contains(path)) {
                return feature.getKey();
            }
        }
        return COMMON;
    }

    /**
     * The SBOM component of the jar at this path. By SHA-256 first: the list and the SBOM both
     * name each jar's SHA-256, which holds where a file name does not (Jib renames a jar whose
     * file name clashes with another's, and a classifier or a version with dashes makes a file
     * name ambiguous); by the file name NAME-VERSION.jar only when the SBOM carries no hashes.
     */
    Optional<Component> componentAt(String path, List<Component> sbom) {
        String sha256 = sha256ByPath.getOrDefault(path, "");
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        return sbom.stream().filter(c -> !sha256.isEmpty() && c.sha256().equals(sha256)).findFirst()
                .or(() -> sbom.stream().filter(c -> c.sha256().isEmpty() && c.fileName().equals(fileName)).findFirst());
    }
}
