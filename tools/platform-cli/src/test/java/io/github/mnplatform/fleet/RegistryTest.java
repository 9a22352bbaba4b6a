package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side as GHCR behaves: every call wants a Bearer token from the realm the 401 names,
 * and there is no catalog. A small HTTP server on the loopback plays that part.
 */
class RegistryTest {

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
}
