package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnplatform.core.BaseJarList;
import io.github.mnplatform.core.ImageReference;
import io.github.mnplatform.core.PlatformVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads the service images of one organisation from a registry: every tag of every repository
 * whose image carries the platform's version label. Base images and other images are not rows.
 */
final class Fleet {

    static final String VERSION_LABEL = "io.github.mnplatform.version";
    static final String BASE_LABEL = "io.github.mnplatform.base";
    static final String AOT_LABEL = "io.github.mnplatform.aot";
    /** The base's repository when an image does not name its base: ORG/ + this. */
    static final String BASE_REPOSITORY = "micronaut-base";

    private final RegistrySource registry;
    private final String org;
    private final PlatformPaths paths;
    private final Consumer<String> log;
    private final Map<String, Optional<List<Component>>> baseSboms = new HashMap<>();
    private final Map<String, List<String>> baseVersions = new HashMap<>();
    /** The manifest and config of each image read, by REPOSITORY@DIGEST: a rebase composes from them. */
    private final Map<String, RebasedImage.Image> imagesRead = new HashMap<>();

    Fleet(RegistrySource registry, String org, PlatformPaths paths, Consumer<String> log) {
        this.registry = registry;
        this.org = org;
        this.paths = paths;
        this.log = log;
    }

    /** The report over the given repositories, or over the registry's catalog when none are given. */
    Report read(Optional<List<String>> repositories) throws IOException {
        List<String> names = repositories.isPresent() ? repositories.get() : registry.repositories();
        List<String> ours = names.stream().filter(name -> name.startsWith(org + "/")).sorted().toList();
        log.accept("reading " + ours.size() + " repositories of " + org + " in " + registry.name()
                + (repositories.isPresent() ? " (from the list given)" : ""));
        List<ImageRow> rows = new ArrayList<>();
        for (String repository : ours) {
            for (String tag : registry.tags(repository).stream().sorted().toList()) {
                image(repository, tag).ifPresent(rows::add);
            }
        }
        String baseRepository = org + "/" + BASE_REPOSITORY;
        return new Report(registry.name(), org, versionsOf(baseRepository).stream().reduce((a, b) -> b), rows);
    }

    private Optional<ImageRow> image(String repository, String tag) throws IOException {
        Optional<RegistrySource.Manifest> found = registry.manifest(repository, tag);
        if (found.isEmpty() || !found.get().json().has("config")) {
            // Gone meanwhile, or an index of several platforms: Jib pushes single images.
            return Optional.empty();
        }
        RegistrySource.Manifest manifest = found.get();
        JsonNode config = registry.config(repository, manifest);
        JsonNode labels = config.path("config").path("Labels");
        if (!labels.hasNonNull(VERSION_LABEL)) {
            return Optional.empty();
        }
        imagesRead.put(repository + "@" + manifest.digest(), new RebasedImage.Image(manifest.json(), config));
        String platformVersion = labels.get(VERSION_LABEL).asText();
        Optional<String> base = text(labels, BASE_LABEL);
        Optional<ImageReference> baseReference = base.map(ImageReference::parse);
        String baseRepository = baseReference.map(ImageReference::repository).orElse(org + "/" + BASE_REPOSITORY);
        Optional<RegistrySource.Manifest> baseManifest = baseReference.isEmpty() ? Optional.empty()
                : registry.manifest(baseRepository, baseReference.get().manifestReference());
        if (base.isPresent() && baseManifest.isEmpty()) {
            log.accept(repository + ":" + tag + ": its base " + base.get() + " is not in " + registry.name()
                    + ": own bytes and overrides unknown");
        }
        Set<String> baseLayers = baseManifest.map(Fleet::layerDigests).map(Set::copyOf).orElse(Set.of());

        List<JsonNode> ownLayers = new ArrayList<>();
        manifest.json().path("layers").forEach(layer -> {
            if (!baseLayers.contains(layer.path("digest").asText())) {
                ownLayers.add(layer);
            }
        });
        Optional<Long> ownBytes = baseManifest.map(ignored ->
                ownLayers.stream().mapToLong(layer -> layer.path("size").asLong()).sum());
        Optional<List<Component>> components = sbom(repository, ownLayers.stream()
                .map(layer -> layer.path("digest").asText()).toList(), paths.serviceSbom());
        Optional<List<Component>> baseComponents = baseManifest.isEmpty() ? Optional.empty()
                : baseSboms.computeIfAbsent(baseManifest.get().digest(), digest -> uncheckedSbom(baseRepository,
                        layerDigests(baseManifest.get()), paths.baseSbom()));
        List<ImageRow.OverriddenJar> overrides = components.isPresent() && baseComponents.isPresent()
                ? overrides(baseComponents.get(), components.get()) : List.of();

        List<String> versions = versionsOf(baseRepository);
        Optional<Integer> behind = versions.isEmpty() ? Optional.empty() : Optional.of((int) versions.stream()
                .filter(version -> PlatformVersion.ORDER.compare(version, platformVersion) > 0).count());
        return Optional.of(new ImageRow(repository, tag, manifest.digest(), platformVersion, base, behind,
                text(labels, AOT_LABEL), ownBytes, overrides, components));
    }

    /** The manifest and config of ROW's image as {@link #read} read them; empty for a row read elsewhere. */
    Optional<RebasedImage.Image> imageRead(ImageRow row) {
        return Optional.ofNullable(imagesRead.get(row.repository() + "@" + row.digest()));
    }

    /** The common jars the image runs in another version than its base: by group and artifact. */
    static List<ImageRow.OverriddenJar> overrides(List<Component> base, List<Component> image) {
        Map<String, String> baseVersions = new LinkedHashMap<>();
        base.forEach(component -> baseVersions.putIfAbsent(component.artifact(), component.version()));
        return image.stream()
                .filter(c -> baseVersions.containsKey(c.artifact()) && !baseVersions.get(c.artifact()).equals(c.version()))
                .map(c -> new ImageRow.OverriddenJar(c.artifact(), baseVersions.get(c.artifact()), c.version()))
                .distinct()
                .toList();
    }

    /** The platform versions among the tags of a base repository, oldest first. */
    private List<String> versionsOf(String baseRepository) throws IOException {
        List<String> versions = baseVersions.get(baseRepository);
        if (versions == null) {
            versions = registry.tags(baseRepository).stream().filter(PlatformVersion::isVersion)
                    .sorted(PlatformVersion.ORDER).toList();
            baseVersions.put(baseRepository, versions);
        }
        return versions;
    }

    /** The SBOM at pathInImage, looked for in the given layers from the last (the smallest) on. */
    private Optional<List<Component>> sbom(String repository, List<String> layers, String pathInImage)
            throws IOException {
        Optional<byte[]> file = file(repository, layers, pathInImage);
        return file.isPresent() ? Optional.of(Sbom.components(file.get())) : Optional.empty();
    }

    /** The file at pathInImage, looked for in the given layers from the last (the smallest) on. */
    Optional<byte[]> file(String repository, List<String> layers, String pathInImage) throws IOException {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Optional<byte[]> file;
            try (InputStream blob = registry.blob(repository, layers.get(i))) {
                file = Sbom.fileInLayer(blob, pathInImage);
            }
            if (file.isPresent()) {
                return file;
            }
        }
        return Optional.empty();
    }

    /**
     * What to share: the report's services, the newest image of each repository, against the
     * newest platform base of the registry (see {@link Suggestions}).
     */
    Suggestions suggest(Optional<List<String>> repositories, double minShare) throws IOException {
        Report report = read(repositories);
        String baseRepository = org + "/" + BASE_REPOSITORY;
        if (report.newestBase().isEmpty()) {
            throw new FleetException("no platform base in " + registry.name() + ": " + baseRepository + " has no tag"
                    + " that is a platform version, and --suggest compares the services with the newest base. Fix:"
                    + " push the base (scripts/build-base.sh), or name the organisation whose base it is with --org");
        }
        String version = report.newestBase().get();
        RegistrySource.Manifest baseManifest = registry.manifest(baseRepository, version)
                .filter(manifest -> manifest.json().has("config"))
                .orElseThrow(() -> new FleetException(baseRepository + ":" + version + " is not a single image in "
                        + registry.name() + " (gone meanwhile, or an index): run again, or fix that tag"));
        List<String> baseLayers = layerDigests(baseManifest);
        List<Component> baseComponents = sbom(baseRepository, baseLayers, paths.baseSbom())
                .orElseThrow(() -> new FleetException("the newest base " + baseRepository + ":" + version
                        + " carries no SBOM at " + paths.baseSbom() + ", and --suggest needs the jars it holds."
                        + " Fix: rebuild and push the base with this platform (scripts/build-base.sh)"));
        Optional<BaseJarList> jars = file(baseRepository, baseLayers, paths.baseJarList()).map(Fleet::baseJarList);
        if (jars.isEmpty()) {
            log.accept("the newest base " + baseRepository + ":" + version + " has no jar list at "
                    + paths.baseJarList() + ": the jars are not grouped by feature tile");
        }
        Suggestions.Base base = new Suggestions.Base(version, baseManifest.digest(), baseComponents, jars);

        List<Suggestions.Service> services = new ArrayList<>();
        List<String> withoutSbom = new ArrayList<>();
        for (ImageRow row : newestPerRepository(report.images())) {
            if (row.components().isEmpty()) {
                log.accept(row.repository() + ":" + row.tag() + " carries no SBOM: not counted");
                withoutSbom.add(row.repository());
                continue;
            }
            services.add(new Suggestions.Service(row.repository(), row.tag(), row.components().get(), ownJars(row)));
        }
        log.accept("comparing " + services.size() + " service" + (services.size() == 1 ? "" : "s")
                + " (newest image per repository) with the base " + version);
        return Suggestions.compute(registry.name(), org, base, services, withoutSbom, minShare);
    }

    /**
     * The newest image of each repository, the one a service runs today: the highest platform
     * version, then the highest tag (versions by their order, after tags that are none, such as a
     * commit). The image config cannot tell: Jib writes a fixed creation time.
     */
    static List<ImageRow> newestPerRepository(List<ImageRow> rows) {
        Comparator<String> tags = Comparator.comparing(PlatformVersion::isVersion);
        tags = tags.thenComparing((a, b) -> PlatformVersion.isVersion(a) && PlatformVersion.isVersion(b)
                ? PlatformVersion.ORDER.compare(a, b) : a.compareTo(b));
        Comparator<ImageRow> order = Comparator.comparing(ImageRow::platformVersion, PlatformVersion.ORDER)
                .thenComparing(ImageRow::tag, tags);
        Map<String, ImageRow> newest = new TreeMap<>();
        rows.forEach(row -> newest.merge(row.repository(), row, (a, b) -> order.compare(a, b) >= 0 ? a : b));
        return List.copyOf(newest.values());
    }

    /** The jars in the image's own layers (those its base does not have), with their sizes and SHA-256. */
    private List<Sbom.LayerJar> ownJars(ImageRow row) throws IOException {
        Optional<RegistrySource.Manifest> manifest = registry.manifest(row.repository(), row.digest());
        if (manifest.isEmpty()) {
            throw new FleetException(row.repository() + "@" + row.digest() + " is gone from " + registry.name()
                    + " while it was read: run again");
        }
        Set<String> baseLayers = Set.of();
        if (row.base().isPresent() && row.baseDigest().isPresent()) {
            baseLayers = registry.manifest(ImageReference.parse(row.base().get()).repository(), row.baseDigest().get())
                    .map(Fleet::layerDigests).map(Set::copyOf).orElse(Set.of());
        }
        List<Sbom.LayerJar> jars = new ArrayList<>();
        for (String layer : layerDigests(manifest.get())) {
            if (!baseLayers.contains(layer)) {
                try (InputStream blob = registry.blob(row.repository(), layer)) {
                    jars.addAll(Sbom.jarsInLayer(blob, BaseJarList.JAR_DIRECTORY));
                }
            }
        }
        return jars;
    }

    private Optional<List<Component>> uncheckedSbom(String repository, List<String> layers, String pathInImage) {
        try {
            return sbom(repository, layers, pathInImage);
        } catch (IOException e) {
            throw new FleetException("cannot read the SBOM of " + repository + ": " + e.getMessage(), e);
        }
    }

    static List<String> layerDigests(RegistrySource.Manifest manifest) {
        List<String> digests = new ArrayList<>();
        manifest.json().path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    /** The base's jar list, as the base holds it (its digest is the base manifest's, not needed here). */
    static BaseJarList baseJarList(byte[] list) {
        try {
            return BaseJarList.parse(list, "");
        } catch (IOException e) {
            throw new FleetException("cannot read the base's jar list: " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode labels, String label) {
        return labels.hasNonNull(label) ? Optional.of(labels.get(label).asText()) : Optional.empty();
    }

    /** Just the images that run the artifact, any version or the one named. */
    static List<ImageRow> running(List<ImageRow> rows, Coordinate artifact) {
        return rows.stream()
                .filter(row -> row.components().orElse(List.of()).stream().anyMatch(artifact::matches))
                .collect(Collectors.toList());
    }
}
