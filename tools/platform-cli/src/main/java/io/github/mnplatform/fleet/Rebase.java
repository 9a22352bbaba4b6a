package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mnplatform.core.BaseJarList;
import io.github.mnplatform.core.ImageReference;
import io.github.mnplatform.core.PlatformVersion;
import java.io.IOException;
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
    /** A base's platform version: the OCI version label its build sets. */
    private static final String OCI_VERSION_LABEL = "org.opencontainers.image.version";
    /** What a failed image's line adds: what a client pulls under its tag. */
    private static final String UNCHANGED = " (nothing of it was changed: its manifest is written last)";

    private final Registry registry;
    private final Fleet fleet;
    private final String org;
    private final PlatformPaths paths;
    private final Consumer<String> log;
    private final Map<String, Base> basesByDigest = new HashMap<>();
    private final Map<String, JsonNode> baseConfigs = new HashMap<>();
    /** The manifests of bases, by REPOSITORY@DIGEST (empty: none, or not a single image), each read once. */
    private final Map<String, Optional<RegistrySource.Manifest>> baseManifests = new HashMap<>();
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
     * image's outcome to REPORT as it is known. First every image is read and checked and its new
     * config and manifest composed, without a write; bad input is refused before any push, and so
     * is a registry that will not let this client write into a repository to be written (a dry
     * run checks that too: it says whether the real run would be refused). Then each image is
     * written. A registry that stops answering stops the run at that image.
     */
    List<Outcome> run(Optional<List<String>> repositories, String to, boolean dryRun, Consumer<Outcome> report)
            throws IOException {
        List<ImageRow> images = fleet.read(repositories).images();
        List<Outcome> outcomes = new ArrayList<>();
        Consumer<Outcome> known = outcome -> {
            outcomes.add(outcome);
            report.accept(outcome);
        };
        Map<ImageRow, String> ownVersions = new HashMap<>();
        for (ImageRow row : images) {
            try {
                ownVersions.put(row, ownVersion(row));
            } catch (Registry.Unanswered e) {
                throw unansweredWhileRead(row, e, to, known);
            }
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
        List<Write> writes = new ArrayList<>();
        for (ImageRow row : images) {
            String image = row.repository() + ":" + row.tag();
            Plan plan;
            try {
                plan = plan(row, image, baseRepository, to, target);
            } catch (Registry.Unanswered e) {
                throw unansweredWhileRead(row, e, to, known);
            } catch (IOException | FleetException e) {
                plan = new Known(new Outcome(image, Outcome.Kind.FAILED, e.getMessage() + UNCHANGED));
            }
            if (plan instanceof Write write) {
                writes.add(write);
                if (dryRun) {
                    known.accept(new Outcome(image, Outcome.Kind.WOULD_REBASE, write.move()));
                }
            } else {
                known.accept(((Known) plan).outcome());
            }
        }
        requireWriteAccess(writes, to, dryRun);
        if (dryRun) {
            return outcomes;
        }
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            try {
                known.accept(write(write, baseRepository, target));
            } catch (Gone e) {
                known.accept(new Outcome(write.image(), Outcome.Kind.FAILED, e.unanswered.reason() + (e.atManifest
                        ? ": its tag names the image it named or, if the registry took the manifest before it went"
                        + " away, the rebased one"
                        : ": its tag names the image it named (the manifest is written last)")));
                throw stopped(write.image(), e.unanswered, outcomes, writes.subList(i + 1, writes.size()), to);
            } catch (IOException | FleetException e) {
                known.accept(new Outcome(write.image(), Outcome.Kind.FAILED, e.getMessage() + UNCHANGED));
            }
        }
        return outcomes;
    }

    /** The registry stopped answering while ROW was read: its line, then why the run stops, before any write. */
    private static FleetException unansweredWhileRead(ImageRow row, Registry.Unanswered unanswered, String to,
            Consumer<Outcome> known) {
        String image = row.repository() + ":" + row.tag();
        known.accept(new Outcome(image, Outcome.Kind.FAILED, unanswered.reason() + ": nothing of it was changed"));
        return new FleetException("stopped at " + image + ": " + unanswered.reason() + ", while the images were read."
                + " Fix: run fleet.sh --rebase " + to + " again when it answers; nothing was pushed", unanswered);
    }

    /** Why the run stopped at IMAGE, what it did before and did not try, and what to do. */
    private static FleetException stopped(String image, Registry.Unanswered unanswered, List<Outcome> outcomes,
            List<Write> notTried, String to) {
        long rebased = outcomes.stream().filter(outcome -> outcome.kind() == Outcome.Kind.REBASED).count();
        List<String> names = notTried.stream().map(Write::image).toList();
        return new FleetException("stopped at " + image + ": " + unanswered.reason() + ". " + rebased + " image"
                + (rebased == 1 ? "" : "s") + " rebased before it, " + names.size() + " not tried"
                + (names.isEmpty() ? "" : " (" + String.join(", ", names.subList(0, Math.min(5, names.size())))
                        + (names.size() > 5 ? ", ..." : "") + ")")
                + ". Fix: run fleet.sh --rebase " + to + " again when it answers: the images rebased already are"
                + " skipped", unanswered);
    }

    /**
     * Refuses the rebase when the registry will not let this client write into a repository of
     * WRITES: reads may need no credentials where writes do (GHCR's public packages).
     */
    private void requireWriteAccess(List<Write> writes, String to, boolean dryRun) throws IOException {
        List<String> refused = new ArrayList<>();
        String why = "";
        for (String repository : new TreeSet<>(writes.stream().map(write -> write.row().repository()).toList())) {
            Optional<String> whyNot;
            try {
                whyNot = registry.writeAccess(repository);
            } catch (Registry.Unanswered e) {
                throw new FleetException(e.reason() + ", when its write access to " + repository + " was checked."
                        + " Fix: run fleet.sh --rebase " + to + " again when it answers; nothing was pushed", e);
            } catch (FleetException e) {
                throw new FleetException(e.getMessage() + "; nothing was pushed", e);
            }
            if (whyNot.isPresent()) {
                why = why.isEmpty() ? whyNot.get() : why;
                refused.add(repository);
            }
        }
        if (!refused.isEmpty()) {
            throw new FleetException((dryRun ? "the rebase would be refused: " : "") + "no write access to " + refused
                    + " in " + registry.name() + ": " + why + "; "
                    + (registry.hasCredentials() ? "the credentials given may read there but not write: their user"
                            + " has no write access to these packages (a workflow's GITHUB_TOKEN writes its own"
                            + " repository's packages only)"
                            : "it lets anyone read, but writing needs credentials, and none were given")
                    + ". Fix: " + Registry.WRITE_ACCESS_FIX + "; nothing was pushed");
        }
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
            try {
                Optional<RegistrySource.Manifest> manifest = baseManifest(repository, row.baseDigest().get());
                if (manifest.isPresent()) {
                    baseVersion = Optional.ofNullable(baseConfig(repository, manifest.get()).path("config")
                            .path("Labels").get(OCI_VERSION_LABEL)).map(JsonNode::asText).filter(PlatformVersion::isVersion);
                }
            } catch (Registry.Unanswered e) {
                throw e;
            } catch (IOException | FleetException e) {
                // A base that cannot be read: the image is skipped below, saying why; until then its
                // own version is the one it was built with.
                baseVersion = Optional.empty();
            }
        }
        return baseVersion.filter(version -> PlatformVersion.ORDER.compare(version, row.platformVersion()) > 0)
                .orElse(row.platformVersion());
    }

    /** The manifest of the base REPOSITORY@DIGEST (empty: none, or not a single image), read once. */
    private Optional<RegistrySource.Manifest> baseManifest(String repository, String digest) throws IOException {
        String key = repository + "@" + digest;
        if (!baseManifests.containsKey(key)) {
            baseManifests.put(key, registry.manifest(repository, digest)
                    .filter(manifest -> manifest.json().has("config")));
        }
        return baseManifests.get(key);
    }

    /** The config of a base, read once. */
    private JsonNode baseConfig(String repository, RegistrySource.Manifest manifest) throws IOException {
        String key = repository + "@" + manifest.digest();
        JsonNode config = baseConfigs.get(key);
        if (config == null) {
            config = registry.config(repository, manifest);
            baseConfigs.put(key, config);
        }
        return config;
    }

    /** What the reads and checks found for one image: an outcome without a write, or what to write. */
    private sealed interface Plan permits Known, Write {
    }

    private record Known(Outcome outcome) implements Plan {
    }

    /** An image to write: its new config (and digest) and its new manifest, of MEDIA_TYPE. */
    private record Write(ImageRow row, String image, String move, byte[] config, String configDigest, String mediaType,
            byte[] manifest) implements Plan {
    }

    /** The registry stopped answering while an image was written; AT_MANIFEST: at the PUT of its manifest. */
    private static final class Gone extends Exception {
        private static final long serialVersionUID = 1L;
        private final Registry.Unanswered unanswered;
        private final boolean atManifest;

        Gone(Registry.Unanswered unanswered, boolean atManifest) {
            super(unanswered);
            this.unanswered = unanswered;
            this.atManifest = atManifest;
        }
    }

    private Plan plan(ImageRow row, String image, String baseRepository, String to, Base target) throws IOException {
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
        Optional<RegistrySource.Manifest> oldManifest = baseManifest(baseRepository, oldDigest);
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
        } catch (Registry.Unanswered e) {
            throw e;
        } catch (FleetException e) {
            unreadableBases.put(oldDigest, e.getMessage() + ": rebuild it");
            return skipped(image, unreadableBases.get(oldDigest));
        }
        List<String> unsafe = differences(old, target);
        if (!unsafe.isEmpty()) {
            return skipped(image, "the base of " + to + " differs from its base " + old.version() + ": "
                    + String.join("; ", unsafe) + ". It needs a bump and a build");
        }
        RebasedImage.Image service = fleet.imageRead(row).orElse(null);
        if (service == null) {
            RegistrySource.Manifest manifest = registry.manifest(row.repository(), row.digest())
                    .orElseThrow(() -> new FleetException(image + " is gone from " + registry.name() + " while it was read"));
            service = new RebasedImage.Image(manifest.json(), registry.config(row.repository(), manifest));
        }
        // As the Jib extension names it: by digest, without the tag.
        String newReference = oldReference.withDigest(target.manifest().digest()).toString();
        RebasedImage.Image rebased;
        try {
            rebased = RebasedImage.rebase(service, old.image(), target.image(), Fleet.BASE_LABEL, newReference);
        } catch (RebasedImage.NotOnBase e) {
            return skipped(image, e.getMessage() + ": not built on its base as Jib builds; rebuild it");
        }
        byte[] configBytes = JSON.writeValueAsBytes(rebased.config());
        String configDigest = Registry.sha256(configBytes);
        ObjectNode descriptor = ((ObjectNode) rebased.manifest()).with("config");
        descriptor.put("digest", configDigest);
        descriptor.put("size", configBytes.length);
        byte[] manifestBytes = JSON.writeValueAsBytes(rebased.manifest());
        return new Write(row, image, "base " + old.version() + " -> " + to, configBytes, configDigest,
                service.manifest().path("mediaType").asText(), manifestBytes);
    }

    /** Writes WRITE's blobs, then its manifest under its tag, unless the tag moved meanwhile. */
    private Outcome write(Write write, String baseRepository, Base target) throws IOException, Gone {
        ImageRow row = write.row();
        boolean atManifest = false;
        try {
            for (JsonNode layer : target.manifest().json().path("layers")) {
                String digest = layer.path("digest").asText();
                if (!registry.hasBlob(row.repository(), digest)) {
                    registry.mountBlob(row.repository(), digest, baseRepository);
                }
            }
            if (!registry.hasBlob(row.repository(), write.configDigest())) {
                registry.putBlob(row.repository(), write.configDigest(), write.config());
            }
            // A build may have pushed the tag meanwhile: never write an older image over it.
            Optional<String> now = registry.manifest(row.repository(), row.tag()).map(RegistrySource.Manifest::digest);
            if (!now.equals(Optional.of(row.digest()))) {
                return new Outcome(write.image(), Outcome.Kind.SKIPPED, "the tag moved while the rebase ran"
                        + " (now " + now.orElse("gone") + "): run again");
            }
            atManifest = true;
            String newDigest = registry.putManifest(row.repository(), row.tag(), write.mediaType(), write.manifest());
            return new Outcome(write.image(), Outcome.Kind.REBASED, write.move() + ", " + row.digest() + " -> " + newDigest);
        } catch (Registry.Unanswered e) {
            throw new Gone(e, atManifest);
        }
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
        JsonNode config = baseConfig(repository, manifest);
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
        String version = config.path("config").path("Labels").path(OCI_VERSION_LABEL).asText(jars.platformVersion());
        Base base = new Base(version, manifest, config, jars, java.group(1));
        basesByDigest.put(manifest.digest(), base);
        return base;
    }

    private static Known skipped(String image, String why) {
        return new Known(new Outcome(image, Outcome.Kind.SKIPPED, why));
    }

}
