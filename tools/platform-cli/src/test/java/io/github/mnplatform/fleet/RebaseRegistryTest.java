package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code fleet.sh --rebase} against a registry's HTTP side ({@link RegistryServer}): three
 * services of acme on the base of 1.0.0, and the base of 1.0.1, a runtime-only release (the same
 * jars, cache profiles and Java feature release). What a registry that goes away in the middle
 * leaves, and what one that lets anyone read but only some write refuses.
 */
class RebaseRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "acme/micronaut-base";
    private static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static final List<String> SERVICES = List.of("acme/a", "acme/b", "acme/c");
    private static final Map<String, String> USER = Map.of("REGISTRY_USERNAME", RegistryServer.USER,
            "REGISTRY_PASSWORD", RegistryServer.PASSWORD);

    private RegistryServer server;
    private BaseImage oldBase;
    private final Map<String, String> before = new java.util.TreeMap<>();

    /** A base image of the platform: what a rebase reads of it and where. */
    private record BaseImage(String digest, List<String> layers, JsonNode config) {
    }

    /** What one run printed and its exit status. */
    private record Run(int status, String out, String err) {
        /** The line of IMAGE, "" when there is none. */
        String line(String image) {
            return out.lines().filter(line -> line.startsWith(image + " ")).findFirst().orElse("");
        }
    }

    @BeforeEach
    void registry() throws IOException {
        server = new RegistryServer();
        oldBase = base("1.0.0", "25.0.1");
        base("1.0.1", "25.0.2");
        for (String service : SERVICES) {
            before.put(service, service(service, oldBase));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BaseImage base(String version, String java) throws IOException {
        String runtime = server.layer(BASE, Map.of("/opt/java/openjdk/release", "JAVA_VERSION=\"" + java + "\"\n",
                "/opt/java/openjdk/bin/java", "java " + java));
        String jars = server.layer(BASE, Map.of("/app/libs/micronaut-core-4.10.26.jar", "core"));
        String list = server.layer(BASE, Map.of(FleetTest.PATHS.baseJarList(), "platform.version=" + version + "\n"
                + "image=" + server.address + "/" + BASE + ":" + version + "\naot.profiles=\nfeatures=\n"
                + "/app/libs/micronaut-core-4.10.26.jar=aa\n"));
        List<String> layers = List.of(runtime, jars, list);
        ObjectNode config = JSON.createObjectNode();
        config.put("created", "2026-01-01T00:00:00Z").put("architecture", "amd64").put("os", "linux");
        ObjectNode settings = config.putObject("config");
        settings.putArray("Env").add("PATH=/opt/java/openjdk/bin:/usr/bin").add("JAVA_HOME=/opt/java/openjdk");
        settings.putObject("Labels").put("org.opencontainers.image.version", version);
        ArrayNode history = config.putArray("history");
        history.addObject().put("created", "2026-01-01T00:00:00Z").put("created_by", "jre " + java);
        history.addObject().put("created", "1970-01-01T00:00:00Z").put("created_by", "jib").put("comment", "jars");
        history.addObject().put("created", "1970-01-01T00:00:00Z").put("created_by", "jib").put("comment", "jar list");
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        layers.forEach(layer -> diffIds.add("d" + layer));
        String digest = server.push(BASE, RegistryServer.OCI_MANIFEST, OCI_LAYER, config, layers, version);
        return new BaseImage(digest, layers, config);
    }

    /** REPOSITORY:1.0, a service Jib built on BASE: its classes over the base's layers. */
    private String service(String repository, BaseImage base) throws IOException {
        server.copyBlobs(BASE, repository, base.layers());
        String classes = server.layer(repository, Map.of("/app/classes/Application.class", repository));
        ObjectNode config = base.config().deepCopy();
        config.put("created", "1970-01-01T00:00:00Z");
        ObjectNode settings = config.with("config");
        settings.withArray("Env").add("MICRONAUT_SERVER_PORT=8080");
        settings.putArray("Entrypoint").add("java").add("-cp").add("@/app/jib-classpath-file").add("demo.Application");
        settings.with("Labels").put(Fleet.VERSION_LABEL, "1.0.0")
                .put(Fleet.BASE_LABEL, server.address + "/" + BASE + ":1.0.0@" + base.digest())
                .put("org.opencontainers.image.title", repository.substring(5))
                .put("org.opencontainers.image.version", "1.0");
        config.withArray("history").addObject().put("created", "1970-01-01T00:00:00Z").put("created_by", "jib")
                .put("comment", "classes");
        config.with("rootfs").withArray("diff_ids").add("d" + classes);
        List<String> layers = new ArrayList<>(base.layers());
        layers.add(classes);
        return server.push(repository, RegistryServer.DOCKER_MANIFEST, DOCKER_LAYER, config, layers, "1.0");
    }

    private Run rebase(Map<String, String> environment, String... more) {
        List<String> args = new ArrayList<>(List.of("--registry", server.address, "--org", "acme", "--rebase", "1.0.1"));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FleetReport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Optional<String> tag(String repository) {
        return server.tag(repository, "1.0");
    }

    /** Where, in the writes of the second image, the registry goes away, and how. */
    enum GoesAway {
        CLOSES_AT_THE_MANIFEST_PUT(r -> r.method().equals("PUT") && r.path().equals("/v2/acme/b/manifests/1.0"),
                RegistryServer.Failure.CLOSE),
        CLOSES_AT_A_BLOB_UPLOAD(r -> r.method().equals("PUT") && r.path().startsWith("/v2/acme/b/blobs/uploads/"),
                RegistryServer.Failure.CLOSE),
        ANSWERS_503_TO_A_MOUNT(r -> r.method().equals("POST") && r.path().equals("/v2/acme/b/blobs/uploads/")
                && r.query() != null && r.query().startsWith("mount="), RegistryServer.Failure.ANSWER_503);

        final Predicate<RegistryServer.Request> at;
        final RegistryServer.Failure how;

        GoesAway(Predicate<RegistryServer.Request> at, RegistryServer.Failure how) {
            this.at = at;
            this.how = how;
        }
    }

    @ParameterizedTest
    @EnumSource(GoesAway.class)
    void aRegistryThatGoesAwayStopsTheRunAtThatImageAndARerunFinishes(GoesAway goesAway) {
        server.goesAway(goesAway.at, goesAway.how);
        Run run = rebase(Map.of());

        assertEquals(1, run.status(), run.err());
        assertTrue(run.line("acme/a:1.0").contains(" rebased "), run.out());
        String failed = run.line("acme/b:1.0");
        assertTrue(failed.contains(" failed       the registry did not answer at http://" + server.address + " ("),
                run.out());
        assertTrue(failed.endsWith(goesAway == GoesAway.CLOSES_AT_THE_MANIFEST_PUT
                ? ": its tag names the image it named or, if the registry took the manifest before it went away, the"
                        + " rebased one"
                : ": its tag names the image it named (the manifest is written last)"), failed);
        assertEquals("", run.line("acme/c:1.0"), "not tried: " + run.out());
        assertTrue(run.err().contains("fleet: ERROR: stopped at acme/b:1.0: the registry did not answer at http://"
                + server.address + " ("), run.err());
        assertTrue(run.err().contains(". 1 image rebased before it, 1 not tried (acme/c:1.0). Fix: run fleet.sh"
                + " --rebase 1.0.1 again when it answers: the images rebased already are skipped\n"), run.err());
        // Not asked again, and nothing of the third image.
        List<RegistryServer.Request> requests = server.requests();
        int wentAway = requests.indexOf(requests.stream().filter(goesAway.at).findFirst().orElseThrow());
        assertEquals(requests.size() - 1, wentAway, requests.subList(wentAway, requests.size()).toString());
        assertTrue(requests.stream().noneMatch(r -> r.path().startsWith("/v2/acme/c/") && (r.method().equals("PUT")
                || r.query() != null && r.query().startsWith("mount="))), requests.toString());
        // The failed image's tag names its old manifest: nothing half-written a client could pull.
        assertNotEquals(Optional.of(before.get("acme/a")), tag("acme/a"));
        assertEquals(Optional.of(before.get("acme/b")), tag("acme/b"));
        assertEquals(Optional.of(before.get("acme/c")), tag("acme/c"));

        server.recover();
        Run rerun = rebase(Map.of());
        assertEquals(0, rerun.status(), rerun.err());
        assertTrue(rerun.line("acme/a:1.0").endsWith(" skipped      on the base of 1.0.1 already"), rerun.out());
        assertTrue(rerun.line("acme/b:1.0").contains(" rebased      base 1.0.0 -> 1.0.1, " + before.get("acme/b")
                + " -> " + tag("acme/b").orElseThrow()), rerun.out());
        assertTrue(rerun.line("acme/c:1.0").contains(" rebased "), rerun.out());
    }

    @Test
    void aRegistryThatLetsAnyoneReadButNotWriteIsRefusedBeforeAnythingIsPushed() {
        server.tokenAuth = true;
        Run run = rebase(Map.of());

        assertEquals(1, run.status(), run.out());
        assertEquals("", run.out(), "nothing written, nothing skipped");
        assertTrue(run.err().contains("fleet: ERROR: no write access to [acme/a, acme/b, acme/c] in " + server.address
                + ": it answered HTTP 401 to the start of an upload into acme/a; it lets anyone read, but writing needs"
                + " credentials, and none were given. Fix: set REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN)"
                + " to a user with write access to its packages (on GHCR: a token with the write:packages scope);"
                + " nothing was pushed\n"), run.err());
        // No write reached the registry but the start of an upload into each repository.
        List<String> writes = server.requests().stream().filter(RegistryServer.Request::writes).map(Object::toString)
                .distinct().toList();
        assertEquals(List.of("POST /v2/acme/a/blobs/uploads/", "POST /v2/acme/b/blobs/uploads/",
                "POST /v2/acme/c/blobs/uploads/"), writes);
        SERVICES.forEach(service -> assertEquals(Optional.of(before.get(service)), tag(service)));

        // A dry run says what it would do, and that the real run would be refused.
        Run dryRun = rebase(Map.of(), "--dry-run");
        assertEquals(1, dryRun.status(), dryRun.err());
        SERVICES.forEach(service -> assertTrue(dryRun.line(service + ":1.0").contains(" would rebase base 1.0.0 -> 1.0.1"),
                dryRun.out()));
        assertTrue(dryRun.err().contains("fleet: ERROR: the rebase would be refused: no write access to [acme/a, acme/b,"
                + " acme/c] in " + server.address + ": "), dryRun.err());

        // A user who may read only.
        server.userMayPush = false;
        Run readOnly = rebase(USER);
        assertEquals(1, readOnly.status(), readOnly.err());
        assertTrue(readOnly.err().contains(": it answered HTTP 401 to the start of an upload into acme/a; the credentials"
                + " given may read there but not write: their user has no write access to these packages (a workflow's"
                + " GITHUB_TOKEN writes its own repository's packages only). Fix: set REGISTRY_USERNAME"), readOnly.err());
        assertFalse(readOnly.err().contains(RegistryServer.PASSWORD));
        assertTrue(server.requests().stream().filter(RegistryServer.Request::writes)
                .allMatch(r -> r.method().equals("POST") && r.query() == null), server.requests().toString());
        SERVICES.forEach(service -> assertEquals(Optional.of(before.get(service)), tag(service)));
    }

    @Test
    void aRegistryThatGoesAwayBeforeTheFirstWriteLeavesEverythingAsItWas() throws IOException {
        // While the images are checked: at the old base's config, read for the first image (the
        // fleet's read reads it once before, as an image of the registry).
        String oldBaseConfig = server.manifest(BASE, oldBase.digest()).path("config").path("digest").asText();
        AtomicInteger reads = new AtomicInteger();
        server.goesAway(r -> r.path().equals("/v2/" + BASE + "/blobs/" + oldBaseConfig) && reads.incrementAndGet() == 2,
                RegistryServer.Failure.CLOSE);
        Run run = rebase(Map.of());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.line("acme/a:1.0").contains(" failed       the registry did not answer at http://" + server.address
                + " ("), run.out());
        assertTrue(run.line("acme/a:1.0").endsWith(": nothing of it was changed"), run.out());
        assertTrue(run.err().contains("fleet: ERROR: stopped at acme/a:1.0: the registry did not answer at http://"
                + server.address + " ("), run.err());
        assertTrue(run.err().contains(", while the images were read. Fix: run fleet.sh --rebase 1.0.1 again when it"
                + " answers; nothing was pushed\n"), run.err());

        // While its write access is checked.
        server.recover();
        server.goesAway(r -> r.method().equals("POST") && r.path().equals("/v2/acme/b/blobs/uploads/"),
                RegistryServer.Failure.CLOSE);
        Run checked = rebase(Map.of());
        assertEquals(1, checked.status(), checked.err());
        assertEquals("", checked.out());
        assertTrue(checked.err().contains("fleet: ERROR: the registry did not answer at http://" + server.address + " ("),
                checked.err());
        assertTrue(checked.err().contains(", when its write access to acme/b was checked. Fix: run fleet.sh --rebase"
                + " 1.0.1 again when it answers; nothing was pushed\n"), checked.err());
        assertTrue(server.requests().stream().noneMatch(r -> r.method().equals("PUT")), "nothing written");
        SERVICES.forEach(service -> assertEquals(Optional.of(before.get(service)), tag(service)));
    }

    @Test
    void aUserWhoMayWriteRebasesWithTokensToPushAndLeavesNoUploadOpen() throws IOException {
        server.tokenAuth = true;
        Run dryRun = rebase(USER, "--dry-run");
        assertEquals(0, dryRun.status(), dryRun.err());
        SERVICES.forEach(service -> assertEquals(Optional.of(before.get(service)), tag(service)));

        Run run = rebase(USER);
        assertEquals(0, run.status(), run.err());
        for (String service : SERVICES) {
            assertTrue(run.line(service + ":1.0").contains(" rebased      base 1.0.0 -> 1.0.1, " + before.get(service)
                    + " -> " + tag(service).orElseThrow()), run.out());
        }
        assertEquals(Map.of(), server.uploads, "the uploads the check started are cancelled");
        assertTrue(server.tokenRequests.contains("service=fake&scope=repository%3Aacme%2Fa%3Apull%2Cpush"
                + "&scope=repository%3Aacme%2Fmicronaut-base%3Apull"), server.tokenRequests.toString());
        assertFalse((run.out() + run.err()).contains(RegistryServer.PASSWORD));
        assertFalse((run.out() + run.err()).contains("token-"));
        // The service's manifest and config are read once, by the fleet read: not again for the rebase.
        JsonNode manifest = server.manifest("acme/a", before.get("acme/a"));
        String config = manifest.path("config").path("digest").asText();
        List<RegistryServer.Request> requests = server.requests();
        assertEquals(2, requests.stream().filter(r -> r.method().equals("GET")
                && r.path().equals("/v2/acme/a/blobs/" + config)).count(), "once a run: " + requests);
        assertEquals(0, requests.stream().filter(r -> r.path().equals("/v2/acme/a/manifests/" + before.get("acme/a")))
                .count());
    }
}
