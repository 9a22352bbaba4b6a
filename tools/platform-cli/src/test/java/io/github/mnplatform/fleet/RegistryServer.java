package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of a registry for the unit tests, on the loopback, as the distribution API has
 * it: manifests and blobs by repository, uploads (POST, then PUT with the digest, which it
 * checks), cross-repository mounts, a manifest PUT that wants its blobs there first. With
 * {@link #tokenAuth} every call wants a Bearer token from its realm, as GHCR does: anyone gets one
 * to read, only {@link #USER} with {@link #PASSWORD} one to push. It records every request, and
 * can go away at one: closing the connection without an answer, answering 503, or sending half
 * of an answer's body and then closing or stalling, from that request on until {@link #recover()}.
 */
final class RegistryServer implements AutoCloseable {

    /** One request as it reached the server. */
    record Request(String method, String path, String query) {
        boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    /** How it goes away. */
    enum Failure { CLOSE, ANSWER_503, BODY_BREAKS_OFF, BODY_STALLS }

    static final String USER = "me";
    static final String PASSWORD = "secret-5e1f";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    static {
        noDelay();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROUTE = Pattern.compile("/v2/(.+?)/(manifests|blobs|tags)/(.*)");

    private record Stored(String mediaType, byte[] bytes) {
    }

    private final HttpServer server;
    final String address;
    final List<Request> requests = new ArrayList<>();
    /** The query of each token request. */
    final List<String> tokenRequests = new ArrayList<>();
    /** Content-Length and Transfer-Encoding of each upload's PUT, as "LENGTH TRANSFER-ENCODING". */
    final List<String> uploadFraming = new ArrayList<>();

    private final Map<String, Map<String, byte[]>> blobs = new TreeMap<>();
    private final Map<String, Map<String, Stored>> manifests = new TreeMap<>();
    private final Map<String, Map<String, String>> tags = new TreeMap<>();
    /** Open upload sessions: id -> repository. */
    final Map<String, String> uploads = new LinkedHashMap<>();
    private final Map<String, Set<String>> grants = new HashMap<>();
    private final Map<String, Integer> tokenUses = new HashMap<>();

    /** Every call needs a token; only USER with PASSWORD gets one to push. */
    boolean tokenAuth;
    /** Every call needs USER and PASSWORD (Basic), as a registry with an htpasswd file does. */
    boolean basicAuth;
    /** Whether USER's token lets it push (else USER may only read). */
    boolean userMayPush = true;
    /** A token serves this many calls, then it is refused (expired). */
    int tokenLifetime = Integer.MAX_VALUE;
    /** Whether a POST with mount= mounts (201), or is taken as the start of an upload (202). */
    boolean mounts = true;
    private Predicate<Request> goesAwayAt = request -> false;
    private Failure failure = Failure.CLOSE;
    private boolean gone;
    /** Released by {@link #close()}: a stalled answer waits for it. */
    private final CountDownLatch closing = new CountDownLatch(1);

    /**
     * Small answers sent at once (TCP_NODELAY), not held back for the client's acknowledgement: a
     * run of a hundred calls takes a tenth of a second rather than seconds. Before the first
     * JDK HTTP server of the test run is made.
     */
    static void noDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    RegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        address = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", exchange -> {
            synchronized (this) {
                if (goneAt(exchange)) {
                    return;
                }
                token(exchange);
            }
        });
        server.createContext("/v2/", exchange -> {
            synchronized (this) {
                if (goneAt(exchange)) {
                    return;
                }
                try {
                    route(exchange);
                } catch (RuntimeException e) {
                    answer(exchange, 500, "{\"errors\":[{\"message\":\"" + e + "\"}]}");
                }
            }
        });
        server.start();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    /** From the first request that matches AT on, the registry does not answer as FAILURE says. */
    synchronized void goesAway(Predicate<Request> at, Failure how) {
        goesAwayAt = at;
        failure = how;
    }

    /** It answers again. */
    synchronized void recover() {
        gone = false;
        goesAwayAt = request -> false;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private boolean goneAt(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery());
        requests.add(request);
        if (!gone && goesAwayAt.test(request)) {
            gone = true;
        }
        if (!gone) {
            return false;
        }
        switch (failure) {
            case ANSWER_503 -> answer(exchange, 503, "<html>503 Service Unavailable</html>");
            case BODY_BREAKS_OFF, BODY_STALLS -> {
                exchange.sendResponseHeaders(200, 1024);
                exchange.getResponseBody().write(new byte[512]);
                exchange.getResponseBody().flush();
                // Broken off a second after the first half, when the client reads the body: before
                // it has the answer, a client fails the request itself.
                try {
                    closing.await(failure == Failure.BODY_STALLS ? 30 : 1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // Half of the body sent: closing the exchange closes the connection.
                exchange.close();
            }
            // Before any answer: the connection is closed without one.
            default -> exchange.close();
        }
        return true;
    }

    // --- content ---

    synchronized String blob(String repository, byte[] content) {
        String digest = Registry.sha256(content);
        blobs.computeIfAbsent(repository, r -> new TreeMap<>()).put(digest, content);
        return digest;
    }

    /** A blob stored under DIGEST whatever its bytes: a registry whose storage went bad. */
    synchronized void corruptBlob(String repository, String digest, byte[] content) {
        blobs.computeIfAbsent(repository, r -> new TreeMap<>()).put(digest, content);
    }

    synchronized String layer(String repository, Map<String, String> files) throws IOException {
        return blob(repository, FixtureRegistry.tarGz(files));
    }

    synchronized boolean hasBlob(String repository, String digest) {
        return blobs.getOrDefault(repository, Map.of()).containsKey(digest);
    }

    synchronized byte[] blobOf(String repository, String digest) {
        return blobs.getOrDefault(repository, Map.of()).get(digest);
    }

    /** The blobs of FROM into REPOSITORY, as a build that mounts its base's layers leaves them. */
    synchronized void copyBlobs(String from, String repository, List<String> digests) {
        digests.forEach(digest -> blob(repository, blobOf(from, digest)));
    }

    /** An image of CONFIG and LAYERS (digests of blobs in REPOSITORY, of LAYER_TYPE) under TAGS: its digest. */
    synchronized String push(String repository, String mediaType, String layerType, JsonNode config, List<String> layers,
            String... tagNames) throws IOException {
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = blob(repository, configBytes);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", mediaType);
        manifest.putObject("config").put("mediaType", mediaType.equals(DOCKER_MANIFEST)
                ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json")
                .put("digest", configDigest).put("size", configBytes.length);
        for (String layer : layers) {
            manifest.withArray("layers").addObject().put("mediaType", layerType).put("digest", layer)
                    .put("size", blobOf(repository, layer).length);
        }
        return putManifest(repository, List.of(tagNames), mediaType, JSON.writeValueAsBytes(manifest));
    }

    private String putManifest(String repository, List<String> tagNames, String mediaType, byte[] bytes) {
        String digest = Registry.sha256(bytes);
        manifests.computeIfAbsent(repository, r -> new TreeMap<>()).put(digest, new Stored(mediaType, bytes));
        tagNames.forEach(tag -> tags.computeIfAbsent(repository, r -> new TreeMap<>()).put(tag, digest));
        return digest;
    }

    /** The digest REPOSITORY:TAG names. */
    synchronized Optional<String> tag(String repository, String tag) {
        return Optional.ofNullable(tags.getOrDefault(repository, Map.of()).get(tag));
    }

    synchronized JsonNode manifest(String repository, String digest) throws IOException {
        return JSON.readTree(manifests.get(repository).get(digest).bytes());
    }

    // --- HTTP ---

    private void token(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        tokenRequests.add(query);
        boolean user = basic().equals(exchange.getRequestHeaders().getFirst("Authorization"));
        if (exchange.getRequestHeaders().containsKey("Authorization") && !user) {
            answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            return;
        }
        Set<String> granted = new HashSet<>();
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            if (!parameter.startsWith("scope=")) {
                continue;
            }
            String[] scope = URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8).split(":");
            for (String action : scope[2].split(",")) {
                if (action.equals("pull") || user && userMayPush) {
                    granted.add(scope[1] + ":" + action);
                }
            }
        }
        String token = "token-" + UUID.randomUUID();
        grants.put(token, granted);
        tokenUses.put(token, 0);
        answer(exchange, 200, "{\"token\":\"" + token + "\"}");
    }

    /** Whether the call carries a token that allows ACTIONS (repository:action); else it is answered 401. */
    private boolean authorized(HttpExchange exchange, List<String> actions) throws IOException {
        if (basicAuth) {
            if (basic().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                return true;
            }
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
            answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            return false;
        }
        if (!tokenAuth) {
            return true;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        Set<String> granted = grants.get(token);
        boolean valid = granted != null && tokenUses.merge(token, 1, Integer::sum) <= tokenLifetime;
        if (valid && granted.containsAll(actions)) {
            return true;
        }
        StringBuilder scope = new StringBuilder();
        Map<String, List<String>> byRepository = new LinkedHashMap<>();
        actions.forEach(action -> byRepository.computeIfAbsent(action.substring(0, action.lastIndexOf(':')),
                r -> new ArrayList<>()).add(action.substring(action.lastIndexOf(':') + 1)));
        byRepository.forEach((repository, wanted) -> scope.append(scope.isEmpty() ? "" : " ")
                .append("repository:").append(repository).append(':').append(String.join(",", wanted)));
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + address + "/token\","
                + "service=\"fake\"" + (scope.isEmpty() ? "" : ",scope=\"" + scope + "\"")
                + (valid ? ",error=\"insufficient_scope\"" : ""));
        answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        return false;
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.equals("/v2/")) {
            if (authorized(exchange, List.of())) {
                answer(exchange, 200, "{}");
            }
            return;
        }
        if (path.equals("/v2/_catalog")) {
            if (authorized(exchange, List.of())) {
                answer(exchange, 200, JSON.writeValueAsString(Map.of("repositories", new TreeSet<>(tags.keySet()))));
            }
            return;
        }
        Matcher route = ROUTE.matcher(path);
        if (!route.matches()) {
            answer(exchange, 404, "{}");
            return;
        }
        String repository = route.group(1);
        String rest = route.group(3);
        boolean reads = method.equals("GET") || method.equals("HEAD");
        List<String> actions = new ArrayList<>(List.of(repository + ":pull"));
        if (!reads) {
            actions.add(repository + ":push");
        }
        if (query.containsKey("from")) {
            actions.add(query.get("from") + ":pull");
        }
        if (!authorized(exchange, actions)) {
            return;
        }
        switch (route.group(2)) {
            case "tags" -> answer(exchange, 200, JSON.writeValueAsString(Map.of("name", repository,
                    "tags", tags.getOrDefault(repository, Map.of()).keySet())));
            case "manifests" -> manifests(exchange, repository, rest);
            default -> blobs(exchange, repository, rest, query);
        }
    }

    private void manifests(HttpExchange exchange, String repository, String reference) throws IOException {
        if (exchange.getRequestMethod().equals("PUT")) {
            byte[] bytes = readBody(exchange);
            JsonNode manifest = JSON.readTree(bytes);
            List<String> needed = new ArrayList<>(List.of(manifest.path("config").path("digest").asText()));
            manifest.path("layers").forEach(layer -> needed.add(layer.path("digest").asText()));
            for (String blob : needed) {
                if (!hasBlob(repository, blob)) {
                    answer(exchange, 400, "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"detail\":\"" + blob + "\"}]}");
                    return;
                }
            }
            String digest = putManifest(repository, reference.startsWith("sha256:") ? List.of() : List.of(reference),
                    exchange.getRequestHeaders().getFirst("Content-Type"), bytes);
            exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
            exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/manifests/" + digest);
            answer(exchange, 201, "");
            return;
        }
        String digest = reference.startsWith("sha256:") ? reference : tags.getOrDefault(repository, Map.of()).get(reference);
        Stored stored = digest == null ? null : manifests.getOrDefault(repository, Map.of()).get(digest);
        if (stored == null) {
            answer(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", stored.mediaType());
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        answer(exchange, 200, stored.bytes());
    }

    private void blobs(HttpExchange exchange, String repository, String rest, Map<String, String> query)
            throws IOException {
        String method = exchange.getRequestMethod();
        if (rest.equals("uploads/") && method.equals("POST")) {
            String mount = query.get("mount");
            if (mount != null && mounts && hasBlob(query.get("from"), mount)) {
                blob(repository, blobOf(query.get("from"), mount));
                exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/" + mount);
                exchange.getResponseHeaders().add("Docker-Content-Digest", mount);
                answer(exchange, 201, "");
                return;
            }
            String id = UUID.randomUUID().toString();
            uploads.put(id, repository);
            exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/uploads/" + id + "?_state=s" + id);
            answer(exchange, 202, "");
            return;
        }
        if (rest.startsWith("uploads/")) {
            String id = rest.substring("uploads/".length());
            if (!repository.equals(uploads.get(id))) {
                answer(exchange, 404, "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\"}]}");
                return;
            }
            if (method.equals("DELETE")) {
                uploads.remove(id);
                answer(exchange, 204, "");
                return;
            }
            uploadFraming.add(exchange.getRequestHeaders().getFirst("Content-Length") + " "
                    + exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
            byte[] bytes = readBody(exchange);
            String digest = query.get("digest");
            if (!Registry.sha256(bytes).equals(digest) || !query.containsKey("_state")) {
                answer(exchange, 400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}");
                return;
            }
            uploads.remove(id);
            blob(repository, bytes);
            exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/" + digest);
            exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
            answer(exchange, 201, "");
            return;
        }
        byte[] blob = blobOf(repository, rest);
        if (blob == null) {
            answer(exchange, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}");
            return;
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", rest);
        answer(exchange, 200, blob);
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String parameter : raw.split("&")) {
                int equals = parameter.indexOf('=');
                query.put(equals < 0 ? parameter : parameter.substring(0, equals),
                        equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            return body.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        answer(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD") || status == 204 || body.length == 0) {
            if (exchange.getRequestMethod().equals("HEAD") && status == 200) {
                exchange.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
