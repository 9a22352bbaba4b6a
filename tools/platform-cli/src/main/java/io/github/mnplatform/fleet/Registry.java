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
 * <p>Our own, read-only, because the maintained Java clients do not serve here: jib-core's
 * RegistryClient is no public API and lists neither tags nor the catalog, nor keeps a manifest's
 * raw JSON; the ORAS Java SDK (0.7.0) reads one page of the catalog, needs its own /v2/ check,
 * follows neither relative nor 303/308 redirects, always reads the machine's registries.conf,
 * and brings about 21 MB of jars (Jackson 3, Bouncy Castle, zstd-jni) for what this does in JDK
 * classes. Writing images (a rebase) would change that balance.
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
        HttpResponse<InputStream> response = send(uri, accept, Optional.empty());
        if (response.statusCode() == 401) {
            Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
            if (challenge.isPresent() && challenge.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
                response.body().close();
                response = send(uri, accept, Optional.of("Bearer " + token(challenge.get())));
            }
        }
        // A registry may send a blob from elsewhere (GHCR: a signed URL of its storage), which
        // refuses the registry's token: the redirect is followed without it.
        for (int hops = 0; hops < 5 && isRedirect(response.statusCode()); hops++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                break;
            }
            response.body().close();
            response = send(uri.resolve(location.get()), accept, Optional.empty());
        }
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private HttpResponse<InputStream> send(URI uri, String accept, Optional<String> authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
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

    /** A token for the scope a Bearer challenge names, from the realm it names. */
    private String token(String challenge) throws IOException {
        Map<String, String> parameters = challengeParameters(challenge);
        String scope = parameters.getOrDefault("scope", "");
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
                query.append(query.isEmpty() ? "?" : "&").append(key).append('=')
                        .append(URLEncoder.encode(parameters.get(key), StandardCharsets.UTF_8));
            }
        }
        HttpResponse<InputStream> response = send(URI.create(realm + query),
                "application/json", basicCredentials.map(basic -> "Basic " + basic));
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

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
