package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side as GHCR behaves: every call wants a Bearer token from the realm the 401 names,
 * and there is no catalog. A small HTTP server on the loopback plays that part; the writes of a
 * rebase go to {@link RegistryServer}, which stores what it is sent.
 */
class RegistryTest {

    static {
        RegistryServer.noDelay();
    }

    private static final String TOKEN = "registry-token-7f3a";
    private static final String BASIC = Base64.getEncoder().encodeToString("me:secret".getBytes(StandardCharsets.UTF_8));

    private HttpServer server;
    private String address;
    private final List<String> tokenRequests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        address = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", exchange -> {
            tokenRequests.add(exchange.getRequestURI().getRawQuery());
            boolean allowed = ("Basic " + BASIC).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, allowed ? 200 : 403, allowed ? "{\"token\":\"" + TOKEN + "\"}" : "{}");
        });
        // Like a storage behind a signed URL: it refuses a request that carries a token too.
        server.createContext("/storage/", exchange -> answer(exchange,
                exchange.getRequestHeaders().containsKey("Authorization") ? 400 : 200, "layer bytes"));
        server.createContext("/v2/", exchange -> {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + address
                        + "/token\",service=\"test\",scope=\"repository:acme/orders:pull\"");
                answer(exchange, 401, "{}");
            } else if (exchange.getRequestURI().getPath().equals("/v2/acme/orders/tags/list")) {
                answer(exchange, 200, "{\"name\":\"acme/orders\",\"tags\":[\"1.0\",\"1.1\"]}");
            } else if (exchange.getRequestURI().getPath().equals("/v2/acme/orders/blobs/sha256:abc")) {
                exchange.getResponseHeaders().add("Location", "/storage/abc?signature=s1");
                answer(exchange, 307, "");
            } else if (exchange.getRequestURI().getPath().equals("/v2/")) {
                answer(exchange, 200, "{}");
            } else {
                answer(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void aBearerChallengeIsAnsweredWithATokenFromTheRealmItNames() throws IOException {
        Registry registry = new Registry(address, Map.of("REGISTRY_USERNAME", "me", "GHCR_TOKEN", "secret"));
        registry.check();
        assertEquals(List.of("1.0", "1.1"), registry.tags("acme/orders"));
        assertEquals(1, tokenRequests.size(), "one token per scope: " + tokenRequests);
        assertEquals("service=test&scope=repository%3Aacme%2Forders%3Apull", tokenRequests.get(0));
    }

    @Test
    void aBlobFromElsewhereIsFetchedWithoutTheRegistrysToken() throws IOException {
        Registry registry = new Registry(address, Map.of("REGISTRY_USERNAME", "me", "GHCR_TOKEN", "secret"));
        try (var blob = registry.blob("acme/orders", "sha256:abc")) {
            assertEquals("layer bytes", new String(blob.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void withoutCatalogTheMessageSaysHowToListTheRepositoriesWithoutShowingTheToken() throws IOException {
        Registry registry = new Registry(address, Map.of("REGISTRY_USERNAME", "me", "GHCR_TOKEN", "secret"));
        FleetException error = assertThrows(FleetException.class, registry::repositories);
        assertTrue(error.getMessage().contains("GET /v2/_catalog answered HTTP 404"), error.getMessage());
        assertTrue(error.getMessage().contains("--repositories FILE"), error.getMessage());
        assertTrue(error.getMessage().contains("/orgs/ORG/packages?package_type=container"), error.getMessage());
        assertFalse(error.getMessage().contains(TOKEN));
    }

    @Test
    void refusedCredentialsSayWhichVariablesToSet() {
        Registry registry = new Registry(address, Map.of("REGISTRY_USERNAME", "me", "GHCR_TOKEN", "wrong"));
        FleetException error = assertThrows(FleetException.class, registry::check);
        assertTrue(error.getMessage().contains("refused a token for 'repository:acme/orders:pull' (HTTP 403)"),
                error.getMessage());
        assertTrue(error.getMessage().contains("REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN)"));
        assertFalse(error.getMessage().contains("wrong"));
    }

    // --- Writes, on a registry that stores them ---

    private static final String BASE = "acme/micronaut-base";
    private static final String ORDERS = "acme/orders";
    private static final Map<String, String> USER = Map.of("REGISTRY_USERNAME", RegistryServer.USER,
            "REGISTRY_PASSWORD", RegistryServer.PASSWORD);

    private static List<String> writes(RegistryServer server) {
        return server.requests().stream().filter(RegistryServer.Request::writes).map(Object::toString).toList();
    }

    /** Bytes of a layer, large enough to be sent in more than one piece. */
    private static byte[] layerBytes() {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + i / 1000);
        }
        return bytes;
    }

    @Test
    void aMountMovesNoBytesWithATokenToPushHereAndPullThere() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.tokenAuth = true;
            String layer = server.blob(BASE, layerBytes());
            new Registry(server.address, USER).mountBlob(ORDERS, layer, BASE);
            assertTrue(server.hasBlob(ORDERS, layer));
            List<String> writes = writes(server);
            assertTrue(writes.stream().allMatch(w -> w.startsWith("POST /v2/acme/orders/blobs/uploads/?mount=")), writes.toString());
            assertEquals(List.of(), server.uploadFraming, "no upload");
            assertEquals(List.of("service=fake&scope=repository%3Aacme%2Forders%3Apull%2Cpush"
                    + "&scope=repository%3Aacme%2Fmicronaut-base%3Apull"), server.tokenRequests);
        }
    }

    @Test
    void aMountTheRegistryDeclinesIsUploadedWithItsLengthAndDigest() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.tokenAuth = true;
            server.mounts = false;
            byte[] bytes = layerBytes();
            String layer = server.blob(BASE, bytes);
            new Registry(server.address, USER).mountBlob(ORDERS, layer, BASE);
            // The registry checked the digest against the bytes it took (else it answers 400).
            assertTrue(java.util.Arrays.equals(bytes, server.blobOf(ORDERS, layer)));
            // Its length is sent, not chunks of an unknown length.
            assertEquals(List.of(bytes.length + " null"), server.uploadFraming);
            assertTrue(server.requests().contains(new RegistryServer.Request("GET", "/v2/" + BASE + "/blobs/" + layer, null)));
            assertTrue(writes(server).stream().anyMatch(w -> w.startsWith("PUT /v2/acme/orders/blobs/uploads/")
                    && w.endsWith("&digest=" + layer.replace(":", "%3A"))), writes(server).toString());
            assertEquals(Map.of(), server.uploads, "no upload left open");
        }
    }

    @Test
    void aBlobWhoseBytesAreNotItsDigestIsNotCopied() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.mounts = false;
            String digest = Registry.sha256("the layer".getBytes(StandardCharsets.UTF_8));
            server.corruptBlob(BASE, digest, "bit rot".getBytes(StandardCharsets.UTF_8));
            FleetException error = assertThrows(FleetException.class,
                    () -> new Registry(server.address, Map.of()).mountBlob(ORDERS, digest, BASE));
            assertTrue(error.getMessage().startsWith(server.address + " sent the blob " + digest + " of " + BASE
                    + " with other bytes (sha256:"), error.getMessage());
            assertFalse(server.hasBlob(ORDERS, digest));
            assertEquals(List.of(), server.uploadFraming, "nothing sent");
            assertEquals(Map.of(), server.uploads, "the upload the mount started is cancelled");
            assertTrue(writes(server).get(writes(server).size() - 1).startsWith("DELETE /v2/acme/orders/blobs/uploads/"));
        }
    }

    @Test
    void aManifestIsPutUnderItsTagAfterItsBlobs() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.tokenAuth = true;
            Registry registry = new Registry(server.address, USER);
            byte[] config = "{\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
            String configDigest = Registry.sha256(config);
            assertFalse(registry.hasBlob(ORDERS, configDigest));
            registry.putBlob(ORDERS, configDigest, config);
            assertTrue(registry.hasBlob(ORDERS, configDigest));
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryServer.OCI_MANIFEST + "\",\"config\":{"
                    + "\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            String digest = registry.putManifest(ORDERS, "1.0", RegistryServer.OCI_MANIFEST, manifest);
            assertEquals(Registry.sha256(manifest), digest);
            assertEquals(Optional.of(digest), server.tag(ORDERS, "1.0"));
            assertEquals(digest, registry.manifest(ORDERS, "1.0").orElseThrow().digest());
            // One token to push, asked for once; the upload and the manifest carry it at once.
            assertEquals(1, server.tokenRequests.stream().filter(q -> q.contains("%3Apull%2Cpush")).count(),
                    server.tokenRequests.toString());
            assertEquals(1, server.requests().stream().filter(r -> r.method().equals("PUT")
                    && r.path().equals("/v2/acme/orders/manifests/1.0")).count());
        }
    }

    @Test
    void aWriteWithoutWriteAccessSaysWhatWhyAndTheFixWithoutTheToken() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.tokenAuth = true;
            // Anyone reads; the token anyone gets does not let them push.
            FleetException error = assertThrows(FleetException.class, () -> new Registry(server.address, Map.of())
                    .putManifest(ORDERS, "1.0", RegistryServer.OCI_MANIFEST, "{}".getBytes(StandardCharsets.UTF_8)));
            assertTrue(error.getMessage().startsWith(server.address + " refused the manifest of acme/orders:1.0 (HTTP 401: "),
                    error.getMessage());
            assertTrue(error.getMessage().endsWith(": no write access there. Fix: set REGISTRY_USERNAME and"
                    + " REGISTRY_PASSWORD (or GHCR_TOKEN) to a user with write access to its packages (on GHCR: a token"
                    + " with the write:packages scope)"), error.getMessage());
            assertFalse(error.getMessage().contains("token-"), "no token printed");
            // A user whose password the realm refuses: no token at all.
            FleetException refused = assertThrows(FleetException.class, () -> new Registry(server.address,
                    Map.of("REGISTRY_USERNAME", "me", "GHCR_TOKEN", "wrong-9c2d")).putBlob(ORDERS, "sha256:x", new byte[1]));
            assertEquals(server.address + " refused a token for 'repository:acme/orders:pull,push' (HTTP 401). Fix: set"
                    + " REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN) to a user with write access to its packages",
                    refused.getMessage());
            assertFalse(refused.getMessage().contains("wrong-9c2d"));
            assertEquals(List.of(), server.uploadFraming);
        }
    }

    @Test
    void writeAccessIsFoundWithoutLeavingAnythingBehind() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.tokenAuth = true;
            assertEquals(Optional.of("it answered HTTP 401 to the start of an upload into acme/orders"),
                    new Registry(server.address, Map.of()).writeAccess(ORDERS));
            assertEquals(Optional.empty(), new Registry(server.address, USER).writeAccess(ORDERS));
            assertEquals(Map.of(), server.uploads, "the upload started is cancelled");
            List<String> writes = writes(server);
            assertTrue(writes.stream().allMatch(w -> w.equals("POST /v2/acme/orders/blobs/uploads/")
                    || w.startsWith("DELETE /v2/acme/orders/blobs/uploads/")), writes.toString());
            assertTrue(writes.get(writes.size() - 1).startsWith("DELETE "), writes.toString());
            assertEquals(Optional.of("it refused a token to push to acme/orders (HTTP 401)"), new Registry(server.address,
                    Map.of("REGISTRY_USERNAME", "me", "REGISTRY_PASSWORD", "wrong")).writeAccess(ORDERS));
        }
    }

    @Test
    void anExpiredTokenIsReplaced() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.tokenAuth = true;
            server.tokenLifetime = 2;
            Registry registry = new Registry(server.address, USER);
            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                registry.putBlob(ORDERS, Registry.sha256(config), config);
            }
            assertTrue(server.hasBlob(ORDERS, Registry.sha256(config)));
            assertTrue(server.tokenRequests.size() >= 3, server.tokenRequests.toString());
        }
    }

    @Test
    void aRegistryThatAsksForAPasswordGetsIt() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.basicAuth = true;
            Registry registry = new Registry(server.address, USER);
            registry.check();
            byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
            registry.putBlob(ORDERS, Registry.sha256(config), config);
            assertTrue(server.hasBlob(ORDERS, Registry.sha256(config)));
            // Asked once; sent with every call after.
            long challenged = server.requests().size() - 3;
            assertEquals(1, challenged, server.requests().toString());
        }
    }

    @Test
    void aRegistryThatStopsAnsweringIsUnansweredAtOnce() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            Registry registry = new Registry(server.address, Map.of());
            registry.check();
            server.goesAway(request -> request.method().equals("PUT"), RegistryServer.Failure.CLOSE);
            Registry.Unanswered closed = assertThrows(Registry.Unanswered.class, () -> registry.putManifest(ORDERS, "1.0",
                    RegistryServer.OCI_MANIFEST, "{}".getBytes(StandardCharsets.UTF_8)));
            assertTrue(closed.reason().startsWith("the registry did not answer at http://" + server.address + " ("),
                    closed.reason());
            assertTrue(closed.reason().endsWith(", to PUT /v2/acme/orders/manifests/1.0)"), closed.reason());
            assertEquals(1, server.requests().stream().filter(r -> r.method().equals("PUT")).count(), "not sent again");

            server.recover();
            server.goesAway(request -> true, RegistryServer.Failure.ANSWER_503);
            Registry.Unanswered unavailable = assertThrows(Registry.Unanswered.class,
                    () -> new Registry(server.address, Map.of()).hasBlob(ORDERS, "sha256:x"));
            assertEquals("the registry did not answer at http://" + server.address + " (HTTP 503 to HEAD"
                    + " /v2/acme/orders/blobs/sha256:x)", unavailable.reason());
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Registry.Unanswered refused = assertThrows(Registry.Unanswered.class,
                () -> new Registry("127.0.0.1:" + port, Map.of()).hasBlob(ORDERS, "sha256:x"));
        assertTrue(refused.reason().startsWith("the registry did not answer at http://127.0.0.1:" + port + " ("),
                refused.reason());
        assertTrue(refused.getMessage().startsWith("no registry answers at http://127.0.0.1:" + port), refused.getMessage());
    }

    @Test
    void anAnswerWhoseBodyBreaksOffOrStallsIsUnanswered() throws IOException {
        try (RegistryServer server = new RegistryServer()) {
            server.goesAway(request -> request.path().endsWith("/blobs/sha256:a"), RegistryServer.Failure.BODY_BREAKS_OFF);
            Registry.Unanswered brokenOff = assertThrows(Registry.Unanswered.class,
                    () -> readBlob(new Registry(server.address, Map.of()), "sha256:a"));
            assertTrue(brokenOff.reason().startsWith("the registry did not answer at http://" + server.address
                    + " (the answer broke off: "), brokenOff.reason());
            assertTrue(brokenOff.reason().endsWith(", to GET /v2/acme/orders/blobs/sha256:a)"), brokenOff.reason());
            assertTrue(brokenOff.getMessage().endsWith(". Fix: run again when it answers"), brokenOff.getMessage());

            server.recover();
            server.goesAway(request -> request.path().endsWith("/blobs/sha256:b"), RegistryServer.Failure.BODY_STALLS);
            Registry.Unanswered stalled = assertThrows(Registry.Unanswered.class,
                    () -> readBlob(new Registry(server.address, Map.of(), Duration.ofMillis(1500)), "sha256:b"));
            assertEquals("the registry did not answer at http://" + server.address + " (no more of the answer for 1.5 s,"
                    + " to GET /v2/acme/orders/blobs/sha256:b)", stalled.reason());
        }
    }

    /** The blob DIGEST, read after its first half (which both failures send). */
    private static byte[] readBlob(Registry registry, String digest) throws IOException {
        try (InputStream blob = registry.blob(ORDERS, digest)) {
            assertEquals(512, blob.readNBytes(512).length);
            return blob.readAllBytes();
        }
    }

    @Test
    void theWaitForAnAnswerGrowsWithTheBodySent() {
        assertEquals(Duration.ofSeconds(60), Registry.timeout(0));
        assertEquals(Duration.ofSeconds(60), Registry.timeout(-1));
        // 256 MiB at the slowest rate allowed, 256 KiB a second: 1024 s more.
        assertEquals(Duration.ofSeconds(60 + 1024), Registry.timeout(256L * 1024 * 1024));
    }

    @Test
    void theScopesOfAChallengeAndOfACallAreMergedByRepository() {
        assertEquals(List.of("repository:acme/orders:pull,push", "repository:acme/micronaut-base:pull"),
                Registry.mergeScopes("repository:acme/orders:pull", List.of("repository:acme/orders:pull,push",
                        "repository:acme/micronaut-base:pull")));
        assertEquals(List.of(), Registry.mergeScopes("", List.of()));
    }
}
