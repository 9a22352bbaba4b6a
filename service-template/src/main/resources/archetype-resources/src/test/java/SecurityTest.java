package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log in at /login, get a JWT, call the secured endpoint with it (feature security-jwt). */
@MicronautTest
@Property(name = "service.demo-user.password", value = "test-only-password")
class SecurityTest {

    @Inject
    @Client("/")
    HttpClient httpClient;

    private BlockingHttpClient client() {
        return httpClient.toBlocking();
    }

    private String login(String password) {
        HttpResponse<Map<String, Object>> response = client().exchange(
                HttpRequest.POST("/login", Map.of("username", "demo", "password", password)),
                Argument.mapOf(String.class, Object.class));
        assertEquals(HttpStatus.OK, response.getStatus());
        return (String) response.body().get("access_token");
    }

    @Test
    void withoutATokenTheSecuredEndpointAnswers401() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(HttpRequest.GET("/api/me")));
        assertEquals(HttpStatus.UNAUTHORIZED, error.getStatus());
    }

    @Test
    void aLoginGivesAJwtThatOpensTheSecuredEndpoint() {
        String token = login("test-only-password");
        assertEquals(3, token.split("\\.").length, "a signed JWT: header.payload.signature");
        Map<String, String> me = client().retrieve(HttpRequest.GET("/api/me").bearerAuth(token),
                Argument.mapOf(String.class, String.class));
        assertEquals("demo", me.get("username"));
    }

    @Test
    void aWrongPasswordGetsNoToken() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> login("wrong"));
        assertEquals(HttpStatus.UNAUTHORIZED, error.getStatus());
    }

    @Test
    void aForgedTokenIsRefused() {
        String token = login("test-only-password");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(HttpRequest.GET("/api/me").bearerAuth(forged)));
        assertEquals(HttpStatus.UNAUTHORIZED, error.getStatus());
    }

    @Test
    void theServicesOtherPagesStayOpen() {
        assertTrue(client().retrieve("/api/info").contains("service"));
        assertEquals(HttpStatus.OK, client().exchange(HttpRequest.GET("/")).getStatus());
        assertEquals(HttpStatus.OK, client().exchange(HttpRequest.GET("/health")).getStatus());
    }
}
