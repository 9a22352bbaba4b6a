package io.github.mnplatform.jib;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import com.google.cloud.tools.jib.maven.extension.JibMavenPluginExtension;
import com.google.cloud.tools.jib.maven.extension.MavenData;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger.LogLevel;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;
import io.github.mnplatform.core.AotProfile;
import io.github.mnplatform.core.BaseJarList;
import io.github.mnplatform.core.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * Keeps a service image to its own bytes on top of the platform base image.
 *
 * <p>{@code record} mode (the base image build): writes the jars of the base, path in the image
 * and SHA-256, to {@code listFile}, and adds that list to the image. The jars that feature tiles
 * bring ({@code featuresFile}, written by the platform plugin's base-features goal) go into a
 * layer per feature after the common set, and the list says which they are. The list also holds
 * the AOT cache profiles ({@link AotProfile}): {@code base}, trained on the common set, which
 * every service runs, and those of {@code aotProfiles}, each the common set plus some features.
 * {@code filter} mode (every service, the default): reads that
 * list from jib-maven-plugin's classpath, pins the base image to the digest the list was made
 * for, and leaves out of the service's layers each jar the base holds at the same path with the
 * same SHA-256. Everything else stays, so a version the service overrides ships in its own layer.
 * The image's class path holds exactly Maven's jars; when the service can start from the base's
 * AOT caches, the jars of that cache's profile come first in the base's order, else the
 * class path file Jib writes is not touched and stays in Maven's order. Which cache, if any, is
 * decided by {@link SharedAotCache}.
 *
 * <p>Why code of our own: Jib's layer-filter extension filters by glob, which cannot tell the
 * base's copy of a jar from the service's own version of it.
 */
@Named
@Singleton
public class BaseImageExtension implements JibMavenPluginExtension<BaseImageExtension.Config> {

    /** The {@code <configuration>} of the extension in the POM. */
    public static class Config {
        private String mode = "filter";
        private String listFile;
        private String featuresFile;
        private String aotProfiles;

        public String getAotProfiles() {
            return aotProfiles;
        }

        /** The profiles besides base: {@code NAME=FEATURE,FEATURE NAME=...}. */
        public void setAotProfiles(String aotProfiles) {
            this.aotProfiles = aotProfiles;
        }

        public String getFeaturesFile() {
            return featuresFile;
        }

        public void setFeaturesFile(String featuresFile) {
            this.featuresFile = featuresFile;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public String getListFile() {
            return listFile;
        }

        public void setListFile(String listFile) {
            this.listFile = listFile;
        }
    }

    /** Extension property naming the image the base is pushed as (record mode). */
    static final String BASE_IMAGE_PROPERTY = "baseImage";
    /** Extension property carrying the platform version (both modes). */
    static final String PLATFORM_VERSION_PROPERTY = "platformVersion";
    /** Extension property carrying platform.image.jvmFlags: flags after the defaults (filter mode). */
    static final String JVM_FLAGS_PROPERTY = "jvmFlags";
    /** Extension property carrying platform.aot: auto (the default), off or a profile's name (filter mode). */
    static final String AOT_PROPERTY = "aot";

    /**
     * The image label that names the base a service is built on, by digest: the image config
     * alone does not record it, and a fleet report reads it to tell what runs on which base.
     */
    static final String BASE_LABEL = "io.github.mnplatform.base";
    /** Where the base image carries its own jar list: readable, and off every classpath. */
    static final String LIST_IN_IMAGE = "/opt/mnplatform/base-jars.properties";

    private static final int JARS_NAMED_IN_ERRORS = 8;
    /** The key of the feature names in the base-features file. */
    private static final String FEATURES_PROPERTY = "features";

    private final ClassLoader listLoader;

    public BaseImageExtension() {
        this(BaseImageExtension.class.getClassLoader());
    }

    BaseImageExtension(ClassLoader listLoader) {
        this.listLoader = listLoader;
    }

    @Override
    public Optional<Class<Config>> getExtraConfigType() {
        return Optional.of(Config.class);
    }

    @Override
    public ContainerBuildPlan extendContainerBuildPlan(ContainerBuildPlan plan, Map<String, String> properties,
            Optional<Config> config, MavenData mavenData, ExtensionLogger logger)
            throws JibPluginExtensionException {
        Config settings = config.orElseGet(Config::new);
        return switch (settings.getMode()) {
            case "record" -> record(plan, properties, settings, logger);
            case "filter" -> filter(plan, properties, logger);
            default -> throw fail("unknown mode '" + settings.getMode() + "': use 'filter' (services) or 'record' (the base image)");
        };
    }

    private ContainerBuildPlan record(ContainerBuildPlan plan, Map<String, String> properties, Config settings,
            ExtensionLogger logger) throws JibPluginExtensionException {
        if (settings.getListFile() == null) {
            throw fail("record mode needs <listFile>");
        }
        Map<Path, String> featureByFile = new HashMap<>();
        Map<String, List<String>> featureJars = new LinkedHashMap<>();
        if (settings.getFeaturesFile() != null) {
            readFeatures(Path.of(settings.getFeaturesFile()), featureByFile, featureJars);
        }
        Map<String, String> jars = new TreeMap<>();
        Map<String, List<String>> profileFeatures;
        try {
            profileFeatures = AotProfile.parseDefinitions(settings.getAotProfiles(), featureJars.keySet());
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage() + " (<aotProfiles> of the extension in the base's POM)");
        }
        // The base's own order: Jib lays out a project's jars in Maven's order, and the base
        // has release jars only, all in one layer.
        List<String> commonJars = new ArrayList<>();
        List<String> caches = new ArrayList<>();
        Map<String, List<FileEntry>> featureEntries = new LinkedHashMap<>();
        featureJars.keySet().forEach(feature -> featureEntries.put(feature, new ArrayList<>()));
        List<LayerObject> layers = new ArrayList<>();
        int featureLayersAt = -1;
        for (LayerObject layerObject : plan.getLayers()) {
            FileEntriesLayer layer = (FileEntriesLayer) layerObject;
            List<FileEntry> kept = new ArrayList<>();
            for (FileEntry entry : layer.getEntries()) {
                String pathInImage = entry.getExtractionPath().toString();
                String feature = featureByFile.get(entry.getSourceFile().toAbsolutePath().normalize());
                if (isJar(pathInImage)) {
                    jars.put(pathInImage, BaseJarList.sha256(entry.getSourceFile()));
                    if (feature != null) {
                        featureJars.get(feature).add(pathInImage);
                        featureEntries.get(feature).add(entry);
                        continue;
                    }
                    commonJars.add(pathInImage);
                } else if (pathInImage.startsWith(AotProfile.CACHE_DIRECTORY)) {
                    caches.add(pathInImage);
                }
                kept.add(entry);
            }
            if (!kept.isEmpty()) {
                layers.add(layer.toBuilder().setEntries(kept).build());
            }
            boolean hadFeatureJars = kept.size() < layer.getEntries().size();
            if (hadFeatureJars && featureLayersAt < 0) {
                featureLayersAt = layers.size();
            }
        }
        List<LayerObject> featureLayers = new ArrayList<>();
        featureEntries.forEach((feature, entries) -> {
            if (!entries.isEmpty()) {
                featureLayers.add(FileEntriesLayer.builder().setName("platform feature " + feature).setEntries(entries).build());
            }
        });
        layers.addAll(featureLayersAt < 0 ? layers.size() : featureLayersAt, featureLayers);
        List<AotProfile> profiles = new ArrayList<>();
        profiles.add(profile(AotProfile.BASE, List.of(), commonJars, featureJars, caches));
        profileFeatures.forEach((name, features) -> profiles.add(profile(name, features, commonJars, featureJars, caches)));
        Path listFile = Path.of(settings.getListFile());
        try {
            BaseJarList.write(listFile, require(properties, PLATFORM_VERSION_PROPERTY),
                    require(properties, BASE_IMAGE_PROPERTY), jars, profiles, featureJars);
        } catch (IOException e) {
            throw new JibPluginExtensionException(getClass(), "cannot write " + listFile + ": " + e.getMessage(), e);
        }
        List<String> trained = profiles.stream().filter(profile -> profile.cache().isPresent())
                .map(profile -> profile.name() + " (" + profile.classpath().size() + " jars)").toList();
        logger.log(LogLevel.LIFECYCLE, "platform base: recorded " + jars.size() + " jars in " + listFile
                + ", also in the image as " + LIST_IN_IMAGE + "; " + commonJars.size() + " common, "
                + (jars.size() - commonJars.size()) + " in layers of the features " + featureJars.keySet()
                + "; AOT caches: " + (trained.isEmpty() ? "none (the image is built untrained)" : trained));
        layers.add(FileEntriesLayer.builder()
                .setName("platform base jar list")
                .addEntry(listFile, AbsoluteUnixPath.get(LIST_IN_IMAGE))
                .build());
        return plan.toBuilder().setLayers(layers).build();
    }

    private static AotProfile profile(String name, List<String> features, List<String> commonJars,
            Map<String, List<String>> featureJars, List<String> caches) {
        String cache = AotProfile.cachePath(name);
        return new AotProfile(name, features, AotProfile.classpathOf(features, commonJars, featureJars),
                caches.contains(cache) ? Optional.of(cache) : Optional.empty());
    }

    /** Reads the base-features file: jar file = feature, and the features in their order. */
    private void readFeatures(Path file, Map<Path, String> featureByFile, Map<String, List<String>> featureJars)
            throws JibPluginExtensionException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException e) {
            throw fail("cannot read the base's feature jars " + file + " (" + e.getMessage() + "): the platform"
                    + " plugin's base-features goal writes it before Jib runs (./mvnw compile jib:build)");
        }
        for (String feature : properties.getProperty(FEATURES_PROPERTY, "").split(",")) {
            if (!feature.isBlank()) {
                featureJars.put(feature.trim(), new ArrayList<>());
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (!key.equals(FEATURES_PROPERTY)) {
                String feature = properties.getProperty(key);
                if (!featureJars.containsKey(feature)) {
                    throw fail(file + " names the feature '" + feature + "' for " + key + ", but not in its features="
                            + featureJars.keySet());
                }
                featureByFile.put(Path.of(key).toAbsolutePath().normalize(), feature);
            }
        }
    }

    private ContainerBuildPlan filter(ContainerBuildPlan plan, Map<String, String> properties, ExtensionLogger logger)
            throws JibPluginExtensionException {
        BaseJarList base = loadList();
        String platformVersion = properties.getOrDefault(PLATFORM_VERSION_PROPERTY, base.platformVersion());
        if (!platformVersion.equals(base.platformVersion())) {
            throw fail("the base jar list on jib-maven-plugin's classpath is for platform " + base.platformVersion()
                    + " but this service is on platform " + platformVersion
                    + ". Fix: use the Jib tile of the same platform.version, which brings the matching list.");
        }

        String aotRequest;
        try {
            aotRequest = SharedAotCache.parseRequest(properties.getOrDefault(AOT_PROPERTY, AotProfile.AUTO), base);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }

        List<FileEntriesLayer> layers = new ArrayList<>();
        List<String> fromBase = new ArrayList<>();
        List<String> otherBytes = new ArrayList<>();
        List<String> own = new ArrayList<>();
        long baseBytes = 0;
        for (LayerObject layerObject : plan.getLayers()) {
            FileEntriesLayer layer = (FileEntriesLayer) layerObject;
            List<FileEntry> kept = new ArrayList<>();
            for (FileEntry entry : layer.getEntries()) {
                String pathInImage = entry.getExtractionPath().toString();
                Optional<String> baseSha = isJar(pathInImage) ? base.sha256At(pathInImage) : Optional.empty();
                if (baseSha.isPresent() && baseSha.get().equals(BaseJarList.sha256(entry.getSourceFile()))) {
                    fromBase.add(pathInImage);
                    baseBytes += size(entry.getSourceFile());
                } else {
                    kept.add(entry);
                    if (baseSha.isPresent()) {
                        otherBytes.add(pathInImage);
                    }
                    if (isJar(pathInImage)) {
                        own.add(pathInImage + (baseSha.isPresent() ? " (the base holds another file at this path)" : ""));
                    }
                }
            }
            if (!kept.isEmpty()) {
                layers.add(layer.toBuilder().setEntries(kept).build());
            }
        }

        String pinned = pinBase(plan.getBaseImage(), base, fromBase);
        logger.log(LogLevel.LIFECYCLE, "platform base: " + pinned + " (platform " + base.platformVersion()
                + "); should the registry not know this digest (MANIFEST_UNKNOWN), it holds another base than the"
                + " one whose jar list is installed: run scripts/build-base.sh or scripts/pull-base.sh "
                + base.platformVersion());
        Map<String, Long> sharedByFeature = new LinkedHashMap<>();
        base.featureJars().forEach((feature, jars) -> {
            long used = jars.stream().filter(fromBase::contains).count();
            if (used > 0) {
                sharedByFeature.put(feature, used);
            }
        });
        logger.log(LogLevel.LIFECYCLE, "platform base: " + fromBase.size() + " jars (" + baseBytes
                + " bytes) come from the base" + (sharedByFeature.isEmpty() ? "" : ", of them shared by features: "
                + sharedByFeature) + "; " + own.size() + " jars are the service's own");
        own.forEach(jar -> logger.log(LogLevel.INFO, "platform base: own jar " + jar));
        ContainerBuildPlan.Builder filtered = plan.toBuilder().setBaseImage(pinned).setLayers(layers)
                .addLabel(BASE_LABEL, pinned);
        try {
            List<String> entrypoint = ExtraJvmFlags.add(plan.getEntrypoint(), properties.get(JVM_FLAGS_PROPERTY));
            if (entrypoint != null) {
                filtered.setEntrypoint(entrypoint);
            }
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        return useSharedAotCache(filtered.build(), aotRequest, base, fromBase, otherBytes, logger);
    }

    /**
     * Labels the image with the AOT cache it starts from; when it starts from one, puts that
     * cache's training class path first in the class path file and its flags into the entrypoint.
     */
    private ContainerBuildPlan useSharedAotCache(ContainerBuildPlan plan, String request, BaseJarList base,
            List<String> fromBase, List<String> otherBytes, ExtensionLogger logger) throws JibPluginExtensionException {
        Optional<FileEntry> classpathFile = entries(plan).stream()
                .filter(entry -> entry.getExtractionPath().toString().equals(SharedAotCache.CLASSPATH_FILE))
                .findFirst();
        // Without Jib's class path file the training jars are missing from it: the decision is off.
        List<String> classpath = classpathFile.isPresent() ? readClasspath(classpathFile.get().getSourceFile()) : List.of();
        SharedAotCache.Decision decision = SharedAotCache.decide(request, base, classpath, plan.getEntrypoint() == null
                ? List.of() : plan.getEntrypoint(), fromBase, otherBytes);
        logger.log(LogLevel.LIFECYCLE, "platform AOT cache: " + decision.label() + ": " + decision.reason());
        ContainerBuildPlan.Builder result = plan.toBuilder().addLabel(SharedAotCache.LABEL, decision.label());
        if (!decision.usesCache()) {
            return result.build();
        }
        FileEntry original = classpathFile.get();
        Path rewritten = original.getSourceFile().resolveSibling("jib-classpath-file-aot");
        String text = String.join(":", decision.classpath());
        try {
            // Written only when it changes, as Jib writes its own: Jib caches a layer by its files'
            // modification times, and a new time each build adds a cache entry each build.
            if (!Files.isRegularFile(rewritten) || !Files.readString(rewritten, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(rewritten, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new JibPluginExtensionException(getClass(), "cannot write " + rewritten + ": " + e.getMessage(), e);
        }
        FileEntry replacement = new FileEntry(rewritten, original.getExtractionPath(), original.getPermissions(),
                original.getModificationTime(), original.getOwnership());
        List<FileEntriesLayer> layers = new ArrayList<>();
        for (LayerObject layerObject : plan.getLayers()) {
            FileEntriesLayer layer = (FileEntriesLayer) layerObject;
            layers.add(layer.toBuilder().setEntries(layer.getEntries().stream()
                    .map(entry -> entry.equals(original) ? replacement : entry)
                    .toList()).build());
        }
        return result.setLayers(layers).setEntrypoint(decision.entrypoint()).build();
    }

    private List<String> readClasspath(Path file) throws JibPluginExtensionException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : List.of(text.split(":"));
        } catch (IOException e) {
            throw new JibPluginExtensionException(getClass(), "cannot read Jib's class path file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The base the service is built on must be the image the list describes: the same digest,
     * or the tag of the list's platform version. The result names it by digest, so a tag that
     * moves later cannot change what the service runs on.
     */
    private String pinBase(String configured, BaseJarList base, List<String> fromBase)
            throws JibPluginExtensionException {
        ImageReference reference = ImageReference.parse(configured);
        boolean sameDigest = reference.digest().map(base.digest()::equals).orElse(false);
        boolean sameVersionTag = reference.digest().isEmpty()
                && reference.tag().map(base.platformVersion()::equals).orElse(false);
        if (!sameDigest && !sameVersionTag) {
            throw fail("base image drift: the service would be built FROM " + configured
                    + ", but its jars were checked against " + base.image() + "@" + base.digest()
                    + " (platform " + base.platformVersion() + "). " + fromBase.size()
                    + " jars would be taken unchecked from another base: " + sample(fromBase)
                    + ". Fix: pull that base (scripts/pull-base.sh " + base.platformVersion()
                    + ") and point platform.base.image at it, or bump platform.version to the base's version.");
        }
        return reference.withDigest(base.digest()).toString();
    }

    private BaseJarList loadList() throws JibPluginExtensionException {
        try {
            return BaseJarList.fromClassLoader(listLoader).orElseThrow(() -> fail(
                    "no base jar list (" + BaseJarList.LIST_RESOURCE + ") on jib-maven-plugin's classpath. Fix: build and"
                            + " install the base image of this platform version (base-image/), or pull it"
                            + " (scripts/pull-base.sh), so that its Maven artifact io.github.mnplatform:micronaut-base"
                            + " resolves."));
        } catch (IOException e) {
            throw new JibPluginExtensionException(getClass(), "cannot read the base jar list: " + e.getMessage(), e);
        }
    }

    private static List<FileEntry> entries(ContainerBuildPlan plan) {
        List<FileEntry> entries = new ArrayList<>();
        for (LayerObject layer : plan.getLayers()) {
            entries.addAll(((FileEntriesLayer) layer).getEntries());
        }
        return entries;
    }

    private static boolean isJar(String pathInImage) {
        return pathInImage.startsWith(BaseJarList.JAR_DIRECTORY) && pathInImage.endsWith(".jar");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String sample(List<String> jars) {
        List<String> names = jars.stream()
                .map(path -> path.substring(BaseJarList.JAR_DIRECTORY.length()))
                .limit(JARS_NAMED_IN_ERRORS)
                .toList();
        return String.join(", ", names) + (jars.size() > JARS_NAMED_IN_ERRORS ? ", ..." : "");
    }

    private String require(Map<String, String> properties, String key) throws JibPluginExtensionException {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw fail("the extension property '" + key + "' is not set");
        }
        return value;
    }

    private JibPluginExtensionException fail(String message) {
        return new JibPluginExtensionException(getClass(), message);
    }
}
