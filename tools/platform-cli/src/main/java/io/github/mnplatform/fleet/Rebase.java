package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mnplatform.core.BaseJarList;
import io.github.mnplatform.core.ImageReference;
import io.github.mnplatform.core.PlatformVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves the fleet's service images onto the base of another platform version without a build,
 * where that is safe: the new base holds exactly the jars (paths and SHA-256), the AOT cache
 * profiles and the Java feature release of the image's base, so the service's own layers, class
 * path and entrypoint are right on it as they are. Each image is written again
 * ({@link RebasedImage}): the new base's layers (mounted, not copied), the service's own layers
 * (the same blobs), a new config; the manifest goes last, under the same tag, so a client never
 * pulls half an image, and a rerun finishes what an interrupted run left.
 */
final class Rebase {

    /** One image's result: REPOSITORY:TAG and what happened to it. */
    record Outcome(String image, Kind kind, String detail) {
        enum Kind { REBASED, WOULD_REBASE, SKIPPED, FAILED }

        String line() {
            return String.format("%-48s %-12s %s%n", image, kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    detail);
        }
    }

    /** What a base offers a service on it: the facts a rebase compares. */
    private record Base(String version, RegistrySource.Manifest manifest, JsonNode config, BaseJarList jars,
            String javaFeature) {
        RebasedImage.Image image() {
            return new RebasedImage.Image(manifest.json(), config);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)");
    private static final String DEFAULT_JAVA_HOME = "/opt/java/openjdk";
    /** A base's platform version (the OCI version label its build sets). */
    private static final String VERSION_LABEL = "org.opencontainers.image.version";

    private final Registry registry;
    private final Fleet fleet;
    private final String org;
    private final PlatformPaths paths;
    private final Consumer<String> log;
    private final Map<String, Base> basesByDigest = new HashMap<>();
    private final Map<String, JsonNode> baseConfigs = new HashMap<>();
    /** Old bases that cannot be read, by digest: why, so that each is read once. */
    private final Map<String, String> unreadableBases = new HashMap<>();

    Rebase(Registry registry, String org, PlatformPaths paths, Consumer<String> log) {
        this.registry = registry;
        this.fleet = new Fleet(registry, org, paths, log);
        this.org = org;
        this.paths = paths;
        this.log = log;
    }

    /**
     * Rebases the service images onto the base of TO (or says what it would do), giving each
     * image's outcome to REPORT as it is known; refuses bad input before any push.
     */
    List<Outcome> run(Optional<List<String>> repositories, String to, boolean dryRun, Consumer<Outcome> report)
            throws IOException {
        List<ImageRow> images = fleet.read(repositories).images();
        Map<ImageRow, String> ownVersions = new HashMap<>();
        for (ImageRow row : images) {
            ownVersions.put(row, ownVersion(row));
        }
        List<String> newer = images.stream().filter(row -> PlatformVersion.ORDER.compare(ownVersions.get(row), to) > 0)
                .map(row -> row.repository() + ":" + row.tag() + " (" + ownVersions.get(row) + ")").toList();
        if (!newer.isEmpty()) {
            String newest = ownVersions.values().stream().max(PlatformVersion.ORDER).orElseThrow();
            throw new FleetException("the platform version " + to + " is older than the version of " + newer
                    + ": a rebase moves images onto a newer base only. Fix: name " + newest + " or a later version;"
                    + " nothing was pushed");
        }
        String baseRepository = org + "/" + Fleet.BASE_REPOSITORY;
        RegistrySource.Manifest targetManifest = registry.manifest(baseRepository, to)
                .filter(manifest -> manifest.json().has("config"))
                .orElseThrow(() -> new FleetException("no base of the platform version " + to + " in " + registry.name()
                        + ": " + baseRepository + ":" + to + " is missing (or not a single image). Fix: publish that"
                        + " release's base first (its release workflow, or scripts/build-base.sh); nothing was pushed"));
        Base target = base(baseRepository, targetManifest);
        log.accept((dryRun ? "dry run: " : "") + "rebasing " + images.size() + " image" + (images.size() == 1 ? "" : "s")
                + " of " + org + " onto " + baseRepository + ":" + to + "@" + targetManifest.digest());
        List<Outcome> outcomes = new ArrayList<>();
        for (ImageRow row : images) {
            String image = row.repository() + ":" + row.tag();
            Outcome outcome;
            try {
                outcome = rebase(row, image, baseRepository, to, target, dryRun);
            } catch (IOException | FleetException e) {
                outcome = new Outcome(image, Outcome.Kind.FAILED, e.getMessage()
                        + " (nothing of it was changed: its manifest is written last; run again)");
            }
            outcomes.add(outcome);
            report.accept(outcome);
        }
        return outcomes;
    }

    /**
     * The newest platform version an image is on: the one it was built with (its label, which a
     * rebase keeps) or, after a rebase, its base's (the version label of the base its base label
     * names by digest).
     */
    private String ownVersion(ImageRow row) throws IOException {
        Optional<String> baseVersion = Optional.empty();
        if (row.base().isPresent() && row.baseDigest().isPresent()) {
            String repository = ImageReference.parse(row.base().get()).repository();
            baseVersion = registry.manifest(repository, row.baseDigest().get())
                    .filter(manifest -> manifest.json().has("config"))
                    .map(manifest -> baseConfig(repository, manifest))
                    .flatMap(config -> Optional.ofNullable(config.path("config").path("Labels").get(VERSION_LABEL)))
                    .map(JsonNode::asText).filter(PlatformVersion::isVersion);
        }
        return baseVersion.filter(version -> PlatformVersion.ORDER.compare(version, row.platformVersion()) > 0)
                .orElse(row.platformVersion());
    }

    /** The config of a base, read once per digest. */
    private JsonNode baseConfig(String repository, RegistrySource.Manifest manifest) {
        return baseConfigs.computeIfAbsent(manifest.digest(), digest -> {
            try (InputStream in = registry.blob(repository, manifest.json().path("config").path("digest").asText())) {
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private Outcome rebase(ImageRow row, String image, String baseRepository, String to, Base target, boolean dryRun)
            throws IOException {
        if (row.base().isEmpty() || row.baseDigest().isEmpty()) {
            return skipped(image, "it names no base by digest (label " + Fleet.BASE_LABEL + "): rebuild it");
        }
        ImageReference oldReference = ImageReference.parse(row.base().get());
        if (!oldReference.repository().equals(baseRepository)) {
            return skipped(image, "its base " + oldReference.name() + " is not the platform's base " + baseRepository
                    + " of this registry");
        }
        String oldDigest = row.baseDigest().get();
        if (oldDigest.equals(target.manifest().digest())) {
            return skipped(image, "on the base of " + to + " already");
        }
        Optional<RegistrySource.Manifest> oldManifest = registry.manifest(baseRepository, oldDigest)
                .filter(manifest -> manifest.json().has("config"));
        if (oldManifest.isEmpty()) {
            return skipped(image, "its base " + row.base().get() + " is not a single image in " + registry.name()
                    + ": what the image has from it cannot be told");
        }
        if (unreadableBases.containsKey(oldDigest)) {
            return skipped(image, unreadableBases.get(oldDigest));
        }
        Base old;
        try {
            old = base(baseRepository, oldManifest.get());
        } catch (FleetException e) {
            unreadableBases.put(oldDigest, e.getMessage() + ": rebuild it");
            return skipped(image, unreadableBases.get(oldDigest));
        }
        List<String> unsafe = differences(old, target);
        if (!unsafe.isEmpty()) {
            return skipped(image, "the base of " + to + " differs from its base " + old.version() + ": "
                    + String.join("; ", unsafe) + ". It needs a bump and a build");
        }
        RegistrySource.Manifest manifest = registry.manifest(row.repository(), row.digest())
                .orElseThrow(() -> new FleetException(image + " is gone from " + registry.name() + " while it was read"));
        JsonNode config;
        try (InputStream in = registry.blob(row.repository(), manifest.json().path("config").path("digest").asText())) {
            config = JSON.readTree(in);
        }
        // As the Jib extension names it: by digest, without the tag.
        String newReference = oldReference.withDigest(target.manifest().digest()).toString();
        RebasedImage.Image rebased;
        try {
            rebased = RebasedImage.rebase(new RebasedImage.Image(manifest.json(), config), old.image(), target.image(),
                    Fleet.BASE_LABEL, newReference);
        } catch (RebasedImage.NotOnBase e) {
            return skipped(image, e.getMessage() + ": not built on its base as Jib builds; rebuild it");
        }
        byte[] configBytes = JSON.writeValueAsBytes(rebased.config());
        String configDigest = Registry.sha256(configBytes);
        ObjectNode descriptor = ((ObjectNode) rebased.manifest()).with("config");
        descriptor.put("digest", configDigest);
        descriptor.put("size", configBytes.length);
        byte[] manifestBytes = JSON.writeValueAsBytes(rebased.manifest());
        String move = "base " + old.version() + " -> " + to;
        if (dryRun) {
            return new Outcome(image, Outcome.Kind.WOULD_REBASE, move);
        }
        for (JsonNode layer : target.manifest().json().path("layers")) {
            String digest = layer.path("digest").asText();
            if (!registry.hasBlob(row.repository(), digest)) {
                registry.mountBlob(row.repository(), digest, baseRepository);
            }
        }
        if (!registry.hasBlob(row.repository(), configDigest)) {
            registry.putBlob(row.repository(), configDigest, configBytes);
        }
        // A build may have pushed the tag meanwhile: never write an older image over it.
        Optional<String> now = registry.manifest(row.repository(), row.tag()).map(RegistrySource.Manifest::digest);
        if (!now.equals(Optional.of(row.digest()))) {
            return skipped(image, "the tag moved while the rebase ran (now " + now.orElse("gone") + "): run again");
        }
        String newDigest = registry.putManifest(row.repository(), row.tag(), manifest.json().path("mediaType").asText(),
                manifestBytes);
        return new Outcome(image, Outcome.Kind.REBASED, move + ", " + row.digest() + " -> " + newDigest);
    }

    /** Why a service on OLD may not run on TARGET as it is; empty when it may. */
    static List<String> differences(BaseJarList old, String oldJava, BaseJarList target, String targetJava) {
        List<String> reasons = new ArrayList<>();
        if (!oldJava.equals(targetJava)) {
            reasons.add("Java " + oldJava + " -> " + targetJava);
        }
        Set<String> jars = new TreeSet<>(old.sha256ByPath().keySet());
        jars.addAll(target.sha256ByPath().keySet());
        List<String> changed = jars.stream()
                .filter(jar -> !Objects.equals(old.sha256ByPath().get(jar), target.sha256ByPath().get(jar)))
                .map(jar -> jar.substring(jar.lastIndexOf('/') + 1)).toList();
        if (!changed.isEmpty()) {
            reasons.add(changed.size() + " jar" + (changed.size() == 1 ? "" : "s") + " added, removed or changed ("
                    + String.join(", ", changed.subList(0, Math.min(5, changed.size())))
                    + (changed.size() > 5 ? ", ..." : "") + ")");
        }
        if (!old.aotProfiles().equals(target.aotProfiles())) {
            reasons.add("other AOT cache profiles");
        }
        return reasons;
    }

    private static List<String> differences(Base old, Base target) {
        return differences(old.jars(), old.javaFeature(), target.jars(), target.javaFeature());
    }

    private Base base(String repository, RegistrySource.Manifest manifest) throws IOException {
        Base cached = basesByDigest.get(manifest.digest());
        if (cached != null) {
            return cached;
        }
        JsonNode config;
        try {
            config = baseConfig(repository, manifest);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        String name = repository + "@" + manifest.digest();
        List<String> layers = Fleet.layerDigests(manifest);
        BaseJarList jars = fleet.file(repository, layers, paths.baseJarList()).map(Fleet::baseJarList)
                .orElseThrow(() -> new FleetException("the base " + name + " has no jar list at " + paths.baseJarList()
                        + ": a rebase cannot tell whether it is safe"));
        String javaHome = RebasedImage.envValue(config, "JAVA_HOME").orElse(DEFAULT_JAVA_HOME);
        // The runtime is in the lowest layers, under the jars and caches: read from the bottom up.
        List<String> bottomUp = new ArrayList<>(layers);
        java.util.Collections.reverse(bottomUp);
        String release = fleet.file(repository, bottomUp, javaHome + "/release")
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElseThrow(() -> new FleetException("the base " + name + " has no " + javaHome + "/release: a rebase"
                        + " cannot tell its Java release"));
        Matcher java = JAVA_VERSION.matcher(release);
        if (!java.find()) {
            throw new FleetException("the base " + name + " names no JAVA_VERSION in " + javaHome + "/release");
        }
        String version = config.path("config").path("Labels").path(VERSION_LABEL).asText(jars.platformVersion());
        Base base = new Base(version, manifest, config, jars, java.group(1));
        basesByDigest.put(manifest.digest(), base);
        return base;
    }

    private static Outcome skipped(String image, String why) {
        return new Outcome(image, Outcome.Kind.SKIPPED, why);
    }

}
