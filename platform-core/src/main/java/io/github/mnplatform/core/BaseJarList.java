package io.github.mnplatform.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The jars a platform base image holds: their path in the image and their SHA-256, which of them
 * feature tiles bring (the others are the common set), plus the platform version, the image it
 * was pushed as and that image's digest, and its AOT cache profiles: for each, the features and
 * class path it is trained on and where the cache sits in the image, once trained.
 * The base build writes it; it travels as a Maven artifact of the same version, so a service
 * build can read it from jib-maven-plugin's classpath without pulling any layer of the base, and
 * in the base image itself, where the fleet report reads it.
 */
public final class BaseJarList {

    /** Where the list sits on the classpath (and in the base image's resources). */
    public static final String LIST_RESOURCE = "META-INF/mnplatform/base-jars.properties";
    /** Where Jib's digest of the pushed base image sits next to it. */
    public static final String DIGEST_RESOURCE = "META-INF/mnplatform/base-image.digest";

    public static final String JAR_DIRECTORY = "/app/libs/";
    /** The group of the base's jars that no feature tile brings: every service runs them. */
    public static final String COMMON = "common";
    /** The group of the jars the base declares itself (JDBC drivers): after the features, never trained on. */
    public static final String SHARED = "shared";

    static final String VERSION_KEY = "platform.version";
    static final String IMAGE_KEY = "image";
    /** The AOT cache profiles, base first: aot.profiles=base,NAME,... */
    static final String AOT_PROFILES_KEY = "aot.profiles";
    /**
     * Prefix of a profile's keys: aot.profile.NAME.features (comma-separated), .classpath (the
     * training class path, colon-separated) and .cache (where the cache is in the image; absent
     * when the base was built without caches).
     */
    static final String AOT_PROFILE_PREFIX = "aot.profile.";
    /** The feature tiles whose jars the base holds, in the order of its layers. */
    static final String FEATURES_KEY = "features";
    /** Prefix of a feature's jars: feature.NAME=path:path... */
    static final String FEATURE_PREFIX = "feature.";

    private final String platformVersion;
    private final String image;
    private final String digest;
    private final Map<String, String> sha256ByPath;
    private final List<AotProfile> aotProfiles;
    private final Map<String, List<String>> featureJars;

    public BaseJarList(String platformVersion, String image, String digest, Map<String, String> sha256ByPath,
            List<AotProfile> aotProfiles, Map<String, List<String>> featureJars) {
        this.platformVersion = platformVersion;
        this.image = image;
        this.digest = digest;
        this.sha256ByPath = Collections.unmodifiableMap(new TreeMap<>(sha256ByPath));
        this.aotProfiles = List.copyOf(aotProfiles);
        this.featureJars = Collections.unmodifiableMap(new LinkedHashMap<>(featureJars));
    }

    /** Reads the list and its digest from a class loader; empty when the list artifact is not there. */
    public static Optional<BaseJarList> fromClassLoader(ClassLoader loader) throws IOException {
        try (InputStream list = loader.getResourceAsStream(LIST_RESOURCE)) {
            if (list == null) {
                return Optional.empty();
            }
            try (InputStream digest = loader.getResourceAsStream(DIGEST_RESOURCE)) {
                if (digest == null) {
                    throw new IOException(DIGEST_RESOURCE + " is missing beside " + LIST_RESOURCE
                            + ": the base image list was packaged without building and pushing the image");
                }
                return Optional.of(parse(list.readAllBytes(), new String(digest.readAllBytes(), StandardCharsets.UTF_8).trim()));
            }
        }
    }

    /** Parses the list as {@link #write} writes it; DIGEST is the image's, where known ("" where not). */
    public static BaseJarList parse(byte[] list, String digest) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(new String(list, StandardCharsets.UTF_8)));
        Map<String, String> jars = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(JAR_DIRECTORY)) {
                jars.put(key, properties.getProperty(key).trim());
            }
        }
        Map<String, List<String>> featureJars = new LinkedHashMap<>();
        for (String feature : paths(properties.getProperty(FEATURES_KEY, ""), ",")) {
            featureJars.put(feature, paths(properties.getProperty(FEATURE_PREFIX + feature, ""), ":"));
        }
        List<AotProfile> profiles = new ArrayList<>();
        for (String profile : paths(properties.getProperty(AOT_PROFILES_KEY, ""), ",")) {
            String prefix = AOT_PROFILE_PREFIX + profile;
            profiles.add(new AotProfile(profile, paths(properties.getProperty(prefix + ".features", ""), ","),
                    paths(properties.getProperty(prefix + ".classpath", ""), ":"),
                    Optional.ofNullable(properties.getProperty(prefix + ".cache")).map(String::trim)));
        }
        return new BaseJarList(required(properties, VERSION_KEY), required(properties, IMAGE_KEY), digest, jars,
                profiles, featureJars);
    }

    private static List<String> paths(String value, String separator) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(separator)) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException(LIST_RESOURCE + " has no '" + key + "'");
        }
        return value.trim();
    }

    /**
     * Writes the list (without digest, which Jib writes once the image is pushed), jars sorted.
     * A profile's training class path is written even without its cache: a training run reads it.
     */
    public static void write(Path file, String platformVersion, String image, Map<String, String> sha256ByPath,
            List<AotProfile> aotProfiles, Map<String, List<String>> featureJars) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# Jars of the platform base image: path in the image = SHA-256; the common set is every jar\n")
                .append("# that no feature.NAME names.\n")
                .append(VERSION_KEY).append('=').append(platformVersion).append('\n')
                .append(IMAGE_KEY).append('=').append(image).append('\n')
                .append(AOT_PROFILES_KEY).append('=')
                .append(String.join(",", aotProfiles.stream().map(AotProfile::name).toList())).append('\n');
        for (AotProfile profile : aotProfiles) {
            String prefix = AOT_PROFILE_PREFIX + profile.name();
            text.append(prefix).append(".features=").append(String.join(",", profile.features())).append('\n')
                    .append(prefix).append(".classpath=").append(String.join(":", profile.classpath())).append('\n');
            profile.cache().ifPresent(cache -> text.append(prefix).append(".cache=").append(cache).append('\n'));
        }
        text.append(FEATURES_KEY).append('=').append(String.join(",", featureJars.keySet())).append('\n');
        featureJars.forEach((feature, jars) ->
                text.append(FEATURE_PREFIX).append(feature).append('=').append(String.join(":", jars)).append('\n'));
        new TreeMap<>(sha256ByPath).forEach((path, sha) -> text.append(path).append('=').append(sha).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public String platformVersion() {
        return platformVersion;
    }

    public String image() {
        return image;
    }

    public String digest() {
        return digest;
    }

    /** The SHA-256 of the jar at that path in the base image, if the base has one there. */
    public Optional<String> sha256At(String pathInImage) {
        return Optional.ofNullable(sha256ByPath.get(pathInImage));
    }

    public int size() {
        return sha256ByPath.size();
    }

    /** The AOT cache profiles, base first, trained or not. */
    public List<AotProfile> aotProfiles() {
        return aotProfiles;
    }

    /** The jars each feature tile brings, by feature, in the order of the base's layers. */
    public Map<String, List<String>> featureJars() {
        return featureJars;
    }

    /** Every jar of the base: its path in the image and its SHA-256 (hex). */
    public Map<String, String> sha256ByPath() {
        return sha256ByPath;
    }

    /** The feature tile that brings the jar at this path, {@link #SHARED} for the base's own, or {@link #COMMON}. */
    public String tileOf(String path) {
        for (Map.Entry<String, List<String>> feature : featureJars.entrySet()) {
            if (feature.getValue().contains(path)) {
                return feature.getKey();
            }
        }
        return COMMON;
    }
}
