package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry over HTTP: plain HTTP on the loopback (the local registry), HTTPS elsewhere. A
 * registry that answers 401 with a Bearer challenge (GHCR, Docker Hub) gets a token from the
 * realm it names, anonymous or with REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN /
 * GITHUB_TOKEN) from the environment; the token is never printed.
 *
 * <p>Our own, because the maintained Java clients do not serve here. jib-core's RegistryClient
 * (0.28.1) is no public API, lists neither tags nor the catalog, re-serialises the manifests it
 * reads (dropping fields it does not know, so their digests change), writes gzip layer types
 * only, and on a registry that has gone away retries for tens of seconds; with its Guava and
 * Google HTTP stack it brings about 11 MB of jars. The ORAS Java SDK (0.7.0) reads one page of
 * the catalog, needs its own /v2/ check, follows neither relative nor 303/308 redirects, always
 * reads the machine's registries.conf, and brings about 21 MB (Jackson 3, Bouncy Castle,
 * zstd-jni). A rebase writes with a few calls of the distribution API (HEAD and mount of a blob,
 * a monolithic upload, a manifest PUT; an upload started and cancelled to learn whether it may
 * write), in JDK classes like the reads. A registry that does not answer (connection refused,
 * closed or reset, no answer in time, or a gateway's 502, 503 or 504; an answer whose body
 * breaks off or stalls) is {@link Unanswered} at once, never retried: a rebase stops there.
 */
final class Registry implements RegistrySource {

    /**
     * Nothing came back from the registry, or only a gateway's 502, 503 or 504: it is down, or
     * out of reach. The message says what to do when reading; {@link #reason()} says just what
     * happened, for a caller that knows better what to do.
     */
    static final class Unanswered extends FleetException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Unanswered(String message, String reason, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        /** "the registry did not answer at URL (what happened)". */
        String reason() {
            return reason;
        }
    }

    /** The realm of a Bearer challenge refused a token. */
    static final class TokenRefused extends FleetException {
        private static final long serialVersionUID = 1L;
        private final int status;

        TokenRefused(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    /** What a user must do when a registry refuses a write. */
    static final String WRITE_ACCESS_FIX = "set REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN) to a user"
            + " with write access to its packages (on GHCR: a token with the write:packages scope)";

    private static final String[] MANIFEST_TYPES = {
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    };
    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** /v2/REPOSITORY/manifests|blobs|tags/...: the repository a read is of. */
    private static final Pattern REPOSITORY_PATH = Pattern.compile("/v2/(.+?)/(?:manifests|blobs|tags)/.*");
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** Ends the reads of bodies that stall: see {@link WatchedBody}. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
    /** Bytes a second an upload is given at least (2 Mbit/s) before it counts as unanswered. */
    static final long SLOWEST_UPLOAD = 256 * 1024;

    private final String name;
    private final URI root;
    private final HttpClient http;
    /** How long the registry may take to begin an answer, and to send more of one. */
    private final Duration answerTimeout;
    private final Optional<String> basicCredentials;
    private final Map<String, String> tokensByScope = new HashMap<>();
    /** The Authorization header that served calls of these scopes (joined) before. */
    private final Map<String, String> authorizations = new HashMap<>();
    /** The registry asked for REGISTRY_USERNAME and REGISTRY_PASSWORD (Basic): every call sends them. */
    private boolean basicChallenged;

    Registry(String hostAndPort, Map<String, String> environment) {
        this(hostAndPort, environment, ANSWER_TIMEOUT);
    }

    Registry(String hostAndPort, Map<String, String> environment, Duration answerTimeout) {
        this.name = hostAndPort;
        this.answerTimeout = answerTimeout;
        this.root = URI.create((isLoopback(hostAndPort) ? "http://" : "https://") + hostAndPort);
        // Redirects are followed by hand: see get().
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.basicCredentials = credentials(environment);
    }

    static boolean isLoopback(String hostAndPort) {
        String host = hostAndPort.startsWith("[") ? hostAndPort.substring(0, hostAndPort.indexOf(']') + 1)
                : hostAndPort.replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]");
    }

    private static Optional<String> credentials(Map<String, String> environment) {
        String secret = environment.getOrDefault("REGISTRY_PASSWORD",
                environment.getOrDefault("GHCR_TOKEN", environment.getOrDefault("GITHUB_TOKEN", "")));
        String user = environment.getOrDefault("REGISTRY_USERNAME", environment.getOrDefault("GITHUB_ACTOR", ""));
        if (secret.isEmpty() || user.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String name() {
        return name;
    }

    /** Fails with a clear message when nothing, or no registry, answers at the address. */
    void check() throws IOException {
        HttpResponse<InputStream> response = get(root.resolve("/v2/"), "");
        response.body().close();
        if (response.statusCode() != 200) {
            throw new FleetException(root.resolve("/v2/") + " answered HTTP " + response.statusCode()
                    + ": not a registry that speaks the OCI distribution API. Fix: name the registry's"
                    + " HOST[:PORT] with --registry");
        }
    }

    @Override
    public List<String> repositories() throws IOException {
        List<String> repositories = new ArrayList<>();
        URI page = root.resolve("/v2/_catalog?n=1000");
        while (page != null) {
            HttpResponse<InputStream> response = get(page, "");
            if (response.statusCode() != 200) {
                response.body().close();
                throw new FleetException(name + " does not list its repositories (GET /v2/_catalog answered HTTP "
                        + response.statusCode() + "; GHCR has no catalog). Fix: give them with --repositories FILE,"
                        + " one ORG/NAME a line; for GHCR, the GitHub packages API lists them:"
                        + " GET https://api.github.com/orgs/ORG/packages?package_type=container");
            }
            try (InputStream body = response.body()) {
                JSON.readTree(body).path("repositories").forEach(node -> repositories.add(node.asText()));
            }
            page = response.headers().firstValue("Link").map(NEXT_PAGE::matcher).filter(Matcher::find)
                    .map(m -> root.resolve(m.group(1))).orElse(null);
        }
        return repositories;
    }

    @Override
    public List<String> tags(String repository) throws IOException {
        HttpResponse<InputStream> response = get(root.resolve("/v2/" + repository + "/tags/list"), "");
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return List.of();
            }
            requireOk(response, "the tags of " + repository);
            List<String> tags = new ArrayList<>();
            JSON.readTree(body).path("tags").forEach(node -> tags.add(node.asText()));
            return tags;
        }
    }

    @Override
    public Optional<Manifest> manifest(String repository, String reference) throws IOException {
        HttpResponse<InputStream> response = get(root.resolve("/v2/" + repository + "/manifests/" + reference),
                String.join(", ", MANIFEST_TYPES));
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            requireOk(response, "the manifest " + repository + ":" + reference);
            byte[] bytes = body.readAllBytes();
            String digest = response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(bytes));
            JsonNode json = JSON.readTree(bytes);
            return Optional.of(new Manifest(digest, json));
        }
    }

    @Override
    public InputStream blob(String repository, String digest) throws IOException {
        HttpResponse<InputStream> response = get(root.resolve("/v2/" + repository + "/blobs/" + digest), "");
        if (response.statusCode() != 200) {
            response.body().close();
            requireOk(response, "the blob " + digest + " of " + repository);
        }
        return response.body();
    }

    private void requireOk(HttpResponse<?> response, String what) {
        if (response.statusCode() != 200) {
            throw new FleetException(name + " answered HTTP " + response.statusCode() + " for " + what);
        }
    }

    private HttpResponse<InputStream> get(URI uri, String accept) throws IOException {
        HttpResponse<InputStream> response = call(Call.get(uri, accept));
        // A registry may send a blob from elsewhere (GHCR: a signed URL of its storage), which
        // refuses the registry's token: the redirect is followed without it.
        for (int hops = 0; hops < 5 && isRedirect(response.statusCode()); hops++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                break;
            }
            response.body().close();
            response = send(Call.get(uri.resolve(location.get()), accept), Optional.empty());
        }
        return response;
    }

    /**
     * One request of the distribution API. {@code scopes}: what a token for it must allow, such
     * as push on the repository written and pull on the one a blob is mounted from; a registry's
     * challenge may name less (some name pull only, whatever the request).
     */
    private record Call(String method, URI uri, String accept, String contentType,
            Supplier<HttpRequest.BodyPublisher> body, List<String> scopes) {

        static Call get(URI uri, String accept) {
            Matcher repository = REPOSITORY_PATH.matcher(uri.getPath());
            return new Call("GET", uri, accept, "", HttpRequest.BodyPublishers::noBody,
                    repository.matches() ? List.of(pull(repository.group(1))) : List.of());
        }

        /** A request that writes into REPOSITORY (and may read EXTRA_SCOPES). */
        static Call write(String method, URI uri, String contentType, Supplier<HttpRequest.BodyPublisher> body,
                String repository, String... extraScopes) {
            List<String> scopes = new ArrayList<>();
            scopes.add("repository:" + repository + ":pull,push");
            scopes.addAll(List.of(extraScopes));
            return new Call(method, uri, "", contentType, body, scopes);
        }
    }

    private static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    /**
     * CALL, with the token that served a call of the same scopes before, else again with a token
     * when the registry answers 401 with a Bearer challenge (a new one when the token it had was
     * refused: tokens expire), or with REGISTRY_USERNAME and REGISTRY_PASSWORD when it asks for
     * them (Basic).
     */
    private HttpResponse<InputStream> call(Call call) throws IOException {
        if (!sameOrigin(call.uri())) {
            // An upload's Location may name another host (a storage backend): no credentials there.
            return send(call, Optional.empty());
        }
        String key = String.join(" ", call.scopes());
        Optional<String> known = knownAuthorization(call.scopes())
                .or(() -> basicChallenged ? basicCredentials.map(basic -> "Basic " + basic) : Optional.empty());
        Set<String> tried = new HashSet<>();
        known.ifPresent(tried::add);
        HttpResponse<InputStream> response = send(call, known);
        // A token just handed out that is refused lacks the scope: asking again gives the same.
        boolean sentFresh = false;
        while (response.statusCode() == 401 && !sentFresh) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            String authorization;
            try {
                if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    Token token = token(challenge, call.scopes(), tried);
                    authorization = "Bearer " + token.value();
                    sentFresh = token.fresh();
                } else if (challenge.regionMatches(true, 0, "Basic", 0, 5) && basicCredentials.isPresent()) {
                    basicChallenged = true;
                    authorization = "Basic " + basicCredentials.get();
                    sentFresh = true;
                } else {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                response.body().close();
                throw e;
            }
            if (!tried.add(authorization)) {
                break;
            }
            response.body().close();
            if (authorization.startsWith("Bearer ")) {
                authorizations.put(key, authorization);
            }
            response = send(call, Optional.of(authorization));
        }
        return response;
    }

    /**
     * The token that served calls of scopes that hold SCOPES: sent at once, so that a body is not
     * sent first to be refused (a registry may close the connection on a body it refuses).
     */
    private Optional<String> knownAuthorization(List<String> scopes) {
        if (scopes.isEmpty()) {
            return Optional.ofNullable(authorizations.get(""));
        }
        Map<String, Set<String>> wanted = actionsByResource(scopes);
        for (Map.Entry<String, String> known : authorizations.entrySet()) {
            Map<String, Set<String>> held = actionsByResource(List.of(known.getKey().split(" ")));
            if (wanted.entrySet().stream().allMatch(want -> held.getOrDefault(want.getKey(), Set.of())
                    .containsAll(want.getValue()))) {
                return Optional.of(known.getValue());
            }
        }
        return Optional.empty();
    }

    /** HEAD /v2/REPOSITORY/blobs/DIGEST: whether the repository has the blob. */
    boolean hasBlob(String repository, String digest) throws IOException {
        HttpResponse<InputStream> response = call(new Call("HEAD", root.resolve("/v2/" + repository + "/blobs/" + digest),
                "", "", HttpRequest.BodyPublishers::noBody, List.of(pull(repository))));
        response.body().close();
        return response.statusCode() == 200;
    }

    /**
     * The blob DIGEST of repository FROM into REPOSITORY: mounted, so that no byte moves, or
     * copied where the registry does not mount (it then answers 202 and takes an upload): read
     * whole first, its digest checked, then sent with its length.
     */
    void mountBlob(String repository, String digest, String from) throws IOException {
        HttpResponse<InputStream> response = call(Call.write("POST", root.resolve("/v2/" + repository
                + "/blobs/uploads/?mount=" + encode(digest) + "&from=" + encode(from)), "",
                HttpRequest.BodyPublishers::noBody, repository, pull(from)));
        response.body().close();
        if (response.statusCode() == 201) {
            return;
        }
        requireStatus(response, 202, "a mount of " + digest + " from " + from + " into " + repository);
        Path copy = Files.createTempFile("fleet-blob-", ".tmp");
        try {
            try {
                download(from, digest, copy);
            } catch (IOException | RuntimeException e) {
                try {
                    cancelUpload(repository, response);
                } catch (IOException | RuntimeException cancel) {
                    e.addSuppressed(cancel);
                }
                throw e;
            }
            finishUpload(repository, digest, response, () -> {
                try {
                    return HttpRequest.BodyPublishers.ofFile(copy);
                } catch (FileNotFoundException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The blob DIGEST of REPOSITORY into the file TO, whose bytes must have that digest. */
    private void download(String repository, String digest, Path to) throws IOException {
        MessageDigest sha256 = sha256Digest();
        try (InputStream blob = new DigestInputStream(blob(repository, digest), sha256)) {
            Files.copy(blob, to, StandardCopyOption.REPLACE_EXISTING);
        }
        String read = "sha256:" + HexFormat.of().formatHex(sha256.digest());
        if (digest.startsWith("sha256:") && !read.equals(digest)) {
            throw new FleetException(name + " sent the blob " + digest + " of " + repository + " with other bytes ("
                    + read + "): not copied. Fix: check the registry's storage");
        }
    }

    /** A blob of BYTES into REPOSITORY, in one upload. */
    void putBlob(String repository, String digest, byte[] bytes) throws IOException {
        HttpResponse<InputStream> response = call(Call.write("POST", root.resolve("/v2/" + repository + "/blobs/uploads/"),
                "", HttpRequest.BodyPublishers::noBody, repository));
        response.body().close();
        requireStatus(response, 202, "an upload into " + repository);
        finishUpload(repository, digest, response, () -> HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private void finishUpload(String repository, String digest, HttpResponse<InputStream> started,
            Supplier<HttpRequest.BodyPublisher> body) throws IOException {
        URI upload = uploadLocation(repository, started);
        upload = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest));
        HttpResponse<InputStream> response = call(Call.write("PUT", upload, "application/octet-stream", body, repository));
        response.body().close();
        requireStatus(response, 201, "the upload of " + digest + " into " + repository);
        Optional<String> stored = response.headers().firstValue("Docker-Content-Digest");
        if (stored.isPresent() && !stored.get().equals(digest)) {
            throw new FleetException(name + " stored the upload of " + digest + " into " + repository + " as "
                    + stored.get() + ": not the blob sent");
        }
    }

    private URI uploadLocation(String repository, HttpResponse<InputStream> started) {
        String location = started.headers().firstValue("Location").orElseThrow(() -> new FleetException(name
                + " started an upload into " + repository + " but named no Location for it"));
        return started.uri().resolve(location);
    }

    /** Cancels the upload STARTED: nothing of it is kept (a registry that cannot cancel lets it expire). */
    private void cancelUpload(String repository, HttpResponse<InputStream> started) throws IOException {
        Optional<String> location = started.headers().firstValue("Location");
        if (location.isPresent()) {
            call(Call.write("DELETE", started.uri().resolve(location.get()), "", HttpRequest.BodyPublishers::noBody,
                    repository)).body().close();
        }
    }

    /**
     * Whether this client may write into REPOSITORY, found without writing anything a client can
     * pull: an upload is started and cancelled. Empty when it may; else why not (HTTP 401 or 403,
     * or a token refused).
     */
    Optional<String> writeAccess(String repository) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = call(Call.write("POST", root.resolve("/v2/" + repository + "/blobs/uploads/"), "",
                    HttpRequest.BodyPublishers::noBody, repository));
        } catch (TokenRefused e) {
            return Optional.of("it refused a token to push to " + repository + " (HTTP " + e.status + ")");
        }
        response.body().close();
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return Optional.of("it answered HTTP " + response.statusCode() + " to the start of an upload into "
                    + repository);
        }
        requireStatus(response, 202, "the start of an upload into " + repository);
        cancelUpload(repository, response);
        return Optional.empty();
    }

    /** Whether REGISTRY_USERNAME and a password or token were given. */
    boolean hasCredentials() {
        return basicCredentials.isPresent();
    }

    /** PUT /v2/REPOSITORY/manifests/TAG: the manifest's digest, as the registry names it. */
    String putManifest(String repository, String tag, String mediaType, byte[] bytes) throws IOException {
        HttpResponse<InputStream> response = call(Call.write("PUT", root.resolve("/v2/" + repository + "/manifests/" + tag),
                mediaType, () -> HttpRequest.BodyPublishers.ofByteArray(bytes), repository));
        try (InputStream body = response.body()) {
            if (response.statusCode() != 201) {
                throw new FleetException(name + " refused the manifest of " + repository + ":" + tag + " (HTTP "
                        + response.statusCode() + ": " + new String(body.readAllBytes(), StandardCharsets.UTF_8).strip() + ")"
                        + writeFix(response.statusCode()));
            }
        }
        return response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(bytes));
    }

    private void requireStatus(HttpResponse<?> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new FleetException(name + " answered HTTP " + response.statusCode() + " to " + what
                    + writeFix(response.statusCode()));
        }
    }

    private static String writeFix(int status) {
        return status == 401 || status == 403 ? ": no write access there. Fix: " + WRITE_ACCESS_FIX : "";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * How long a request may wait for its answer: a minute, and for a body the time it takes at
     * {@link #SLOWEST_UPLOAD} bytes a second, so that a large layer is not cut off on a slow line
     * while a registry that has gone away is noticed.
     */
    static Duration timeout(long bodyBytes) {
        return timeout(ANSWER_TIMEOUT, bodyBytes);
    }

    private static Duration timeout(Duration answerTimeout, long bodyBytes) {
        return answerTimeout.plusSeconds(Math.max(0, bodyBytes) / SLOWEST_UPLOAD);
    }

    /** Whether URI is on this registry (scheme, host and port), where its credentials may go. */
    private boolean sameOrigin(URI uri) {
        return root.getScheme().equalsIgnoreCase(uri.getScheme()) && root.getHost().equalsIgnoreCase(uri.getHost())
                && root.getPort() == uri.getPort();
    }

    private HttpResponse<InputStream> send(Call call, Optional<String> authorization) throws IOException {
        HttpRequest.BodyPublisher body = call.body().get();
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(timeout(answerTimeout, body.contentLength()))
                .method(call.method(), body);
        if (!call.accept().isEmpty()) {
            request.header("Accept", call.accept());
        }
        if (!call.contentType().isEmpty()) {
            request.header("Content-Type", call.contentType());
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<InputStream> response;
        try {
            String sent = call.method() + " " + call.uri().getRawPath();
            response = http.send(request.build(), info -> HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofInputStream(), stream -> new WatchedBody(stream, sent)));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            String reason = unanswered(describe(e) + ", to " + call.method() + " " + call.uri().getRawPath());
            throw new Unanswered("no registry answers at " + root + " (" + describe(e) + "). Fix: start it"
                    + " (scripts/local-registry.sh start) or name the right HOST[:PORT] with --registry", reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            // Closed or reset without an answer, or no answer in time.
            String reason = unanswered(describe(e) + ", to " + call.method() + " " + call.uri().getRawPath());
            throw new Unanswered(reason + ". Fix: run again when it answers", reason, e);
        }
        int status = response.statusCode();
        if (status == 502 || status == 503 || status == 504) {
            response.body().close();
            String reason = unanswered("HTTP " + status + " to " + call.method() + " " + call.uri().getRawPath());
            throw new Unanswered(reason + ". Fix: run again when it answers", reason, null);
        }
        return response;
    }

    /**
     * A body whose read waits longer than the answer timeout, or whose connection breaks, is
     * {@link Unanswered}: the JDK client's own timeout ends with the headers, and a body that
     * stalls after them would hold the run until the job's own time limit.
     */
    private final class WatchedBody extends FilterInputStream {
        private final String request;
        private volatile boolean stalled;

        WatchedBody(InputStream body, String request) {
            super(body);
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            ScheduledFuture<?> alarm = WATCHDOG.schedule(this::stall, answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                String reason = unanswered((stalled ? "no more of the answer for "
                        + BigDecimal.valueOf(answerTimeout.toMillis(), 3).stripTrailingZeros().toPlainString() + " s"
                        : "the answer broke off: " + describe(e)) + ", to " + request);
                throw new Unanswered(reason + ". Fix: run again when it answers", reason, e);
            } finally {
                alarm.cancel(false);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 8192)]));
        }

        /** Closing the body ends the read that waits on it. */
        private void stall() {
            stalled = true;
            try {
                in.close();
            } catch (IOException e) {
                // The waiting read ends either way.
            }
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "registry-body-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // One alarm a read, cancelled when the read returns: dropped at once, not kept for 60 s.
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    private String unanswered(String detail) {
        return "the registry did not answer at " + root + " (" + detail + ")";
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * A token for the scopes a Bearer challenge names and those the call needs, actions of one
     * repository merged, from the realm the challenge names; one already handed out for the same
     * scopes unless it was TRIED and refused.
     */
    private record Token(String value, boolean fresh) {
    }

    private Token token(String challenge, List<String> callScopes, Set<String> tried) throws IOException {
        Map<String, String> parameters = challengeParameters(challenge);
        List<String> scopes = mergeScopes(parameters.getOrDefault("scope", ""), callScopes);
        String scope = String.join(" ", scopes);
        String cached = tokensByScope.get(scope);
        if (cached != null && !tried.contains("Bearer " + cached)) {
            return new Token(cached, false);
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            throw new FleetException(name + " asks for a token but names no realm: " + challenge);
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("?service=").append(encode(parameters.get("service")));
        }
        for (String each : scopes) {
            query.append(query.isEmpty() ? "?" : "&").append("scope=").append(encode(each));
        }
        HttpResponse<InputStream> response = send(Call.get(URI.create(realm + query), "application/json"),
                basicCredentials.map(basic -> "Basic " + basic));
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new TokenRefused(name + " refused a token for '" + scope + "' (HTTP " + response.statusCode()
                        + "). Fix: set REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN) to a user"
                        + (scope.contains(",push") ? " with write access to its packages" : " allowed to read it"),
                        response.statusCode());
            }
            JsonNode json = JSON.readTree(body);
            String token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText();
            tokensByScope.put(scope, token);
            return new Token(token, true);
        }
    }

    /** The scopes of a challenge (space-separated) and those a call needs, the actions on one resource in one scope. */
    static List<String> mergeScopes(String challengeScopes, List<String> callScopes) {
        List<String> all = new ArrayList<>(List.of(challengeScopes.trim().split("\\s+")));
        all.addAll(callScopes);
        List<String> merged = new ArrayList<>();
        actionsByResource(all).forEach((resource, actions) -> merged.add(resource + ":" + String.join(",", actions)));
        return merged;
    }

    /** TYPE:NAME -> actions, of scopes TYPE:NAME:ACTION,ACTION... */
    private static Map<String, Set<String>> actionsByResource(List<String> scopes) {
        Map<String, Set<String>> actionsByResource = new LinkedHashMap<>();
        for (String scope : scopes) {
            int actions = scope.lastIndexOf(':');
            if (scope.isBlank() || actions <= 0) {
                continue;
            }
            actionsByResource.computeIfAbsent(scope.substring(0, actions), resource -> new LinkedHashSet<>())
                    .addAll(List.of(scope.substring(actions + 1).split(",")));
        }
        return actionsByResource;
    }

    static Map<String, String> challengeParameters(String challenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1), matcher.group(2));
        }
        return parameters;
    }

    static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
