package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * zstd-jni). A rebase writes with four calls of the distribution API (HEAD and mount of a blob,
 * a monolithic upload, a manifest PUT), in JDK classes like the reads.
 */
final class Registry implements RegistrySource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MANIFEST_TYPES = {
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    };
    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final String name;
    private final URI root;
    private final HttpClient http;
    private final Optional<String> basicCredentials;
    private final Map<String, String> tokensByScope = new HashMap<>();

    Registry(String hostAndPort, Map<String, String> environment) {
        this.name = hostAndPort;
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
     * One request of the distribution API. {@code extraScope}: a scope the registry's challenge
     * does not name but the call needs, such as pull on the repository a blob is mounted from.
     */
    private record Call(String method, URI uri, String accept, String contentType,
            java.util.function.Supplier<HttpRequest.BodyPublisher> body, Optional<String> extraScope) {

        static Call get(URI uri, String accept) {
            return new Call("GET", uri, accept, "", HttpRequest.BodyPublishers::noBody, Optional.empty());
        }
    }

    /** CALL, again with a token when the registry answers 401 with a Bearer challenge. */
    private HttpResponse<InputStream> call(Call call) throws IOException {
        HttpResponse<InputStream> response = send(call, Optional.empty());
        if (response.statusCode() == 401) {
            Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
            if (challenge.isPresent() && challenge.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
                response.body().close();
                response = send(call, Optional.of("Bearer " + token(challenge.get(), call.extraScope())));
            }
        }
        return response;
    }

    /** HEAD /v2/REPOSITORY/blobs/DIGEST: whether the repository has the blob. */
    boolean hasBlob(String repository, String digest) throws IOException {
        HttpResponse<InputStream> response = call(new Call("HEAD", root.resolve("/v2/" + repository + "/blobs/" + digest),
                "", "", HttpRequest.BodyPublishers::noBody, Optional.empty()));
        response.body().close();
        return response.statusCode() == 200;
    }

    /**
     * The blob DIGEST of repository FROM into REPOSITORY: mounted, so that no byte moves, or
     * copied where the registry does not mount (it then answers 202 and takes an upload).
     */
    void mountBlob(String repository, String digest, String from) throws IOException {
        HttpResponse<InputStream> response = call(new Call("POST", root.resolve("/v2/" + repository
                + "/blobs/uploads/?mount=" + encode(digest) + "&from=" + encode(from)), "", "",
                HttpRequest.BodyPublishers::noBody, Optional.of("repository:" + from + ":pull")));
        response.body().close();
        if (response.statusCode() == 201) {
            return;
        }
        requireStatus(response, 202, "a mount of " + digest + " from " + from + " into " + repository);
        finishUpload(repository, digest, response, HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return blob(from, digest);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    /** A blob of BYTES into REPOSITORY, in one upload. */
    void putBlob(String repository, String digest, byte[] bytes) throws IOException {
        HttpResponse<InputStream> response = call(new Call("POST", root.resolve("/v2/" + repository + "/blobs/uploads/"),
                "", "", HttpRequest.BodyPublishers::noBody, Optional.empty()));
        response.body().close();
        requireStatus(response, 202, "an upload into " + repository);
        finishUpload(repository, digest, response, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private void finishUpload(String repository, String digest, HttpResponse<InputStream> started,
            HttpRequest.BodyPublisher body) throws IOException {
        String location = started.headers().firstValue("Location").orElseThrow(() -> new FleetException(name
                + " started an upload into " + repository + " but named no Location for it"));
        URI upload = started.uri().resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + encode(digest));
        HttpResponse<InputStream> response = call(new Call("PUT", upload, "", "application/octet-stream", () -> body,
                Optional.empty()));
        response.body().close();
        requireStatus(response, 201, "the upload of " + digest + " into " + repository);
    }

    /** PUT /v2/REPOSITORY/manifests/TAG: the manifest's digest, as the registry names it. */
    String putManifest(String repository, String tag, String mediaType, byte[] bytes) throws IOException {
        HttpResponse<InputStream> response = call(new Call("PUT", root.resolve("/v2/" + repository + "/manifests/" + tag),
                "", mediaType, () -> HttpRequest.BodyPublishers.ofByteArray(bytes), Optional.empty()));
        try (InputStream body = response.body()) {
            if (response.statusCode() != 201) {
                throw new FleetException(name + " refused the manifest of " + repository + ":" + tag + " (HTTP "
                        + response.statusCode() + ": " + new String(body.readAllBytes(), StandardCharsets.UTF_8).strip() + ")");
            }
        }
        return response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(bytes));
    }

    private void requireStatus(HttpResponse<?> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new FleetException(name + " answered HTTP " + response.statusCode() + " to " + what
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? ". Fix: set REGISTRY_USERNAME and"
                    + " REGISTRY_PASSWORD (or GHCR_TOKEN) to a user allowed to push there" : ""));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private HttpResponse<InputStream> send(Call call, Optional<String> authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(Duration.ofSeconds(60))
                .method(call.method(), call.body().get());
        if (!call.accept().isEmpty()) {
            request.header("Accept", call.accept());
        }
        if (!call.contentType().isEmpty()) {
            request.header("Content-Type", call.contentType());
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new FleetException("no registry answers at " + root + " (" + describe(e) + "). Fix: start it"
                    + " (scripts/local-registry.sh start) or name the right HOST[:PORT] with --registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A token for the scope a Bearer challenge names (and EXTRA_SCOPE), from the realm it names. */
    private String token(String challenge, Optional<String> extraScope) throws IOException {
        Map<String, String> parameters = challengeParameters(challenge);
        String scope = parameters.getOrDefault("scope", "") + extraScope.map(extra -> " " + extra).orElse("");
        String cached = tokensByScope.get(scope);
        if (cached != null) {
            return cached;
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            throw new FleetException(name + " asks for a token but names no realm: " + challenge);
        }
        StringBuilder query = new StringBuilder();
        for (String key : List.of("service", "scope")) {
            if (parameters.containsKey(key)) {
                query.append(query.isEmpty() ? "?" : "&").append(key).append('=').append(encode(parameters.get(key)));
            }
        }
        extraScope.ifPresent(extra -> query.append(query.isEmpty() ? "?" : "&").append("scope=").append(encode(extra)));
        HttpResponse<InputStream> response = send(Call.get(URI.create(realm + query), "application/json"),
                basicCredentials.map(basic -> "Basic " + basic));
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new FleetException(name + " refused a token for '" + scope + "' (HTTP " + response.statusCode()
                        + "). Fix: set REGISTRY_USERNAME and REGISTRY_PASSWORD (or GHCR_TOKEN) to a user"
                        + " allowed to read it");
            }
            JsonNode json = JSON.readTree(body);
            String token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText();
            tokensByScope.put(scope, token);
            return token;
        }
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
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
