package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint, through real HTTP on the embedded Netty server. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient httpClient;

    // The declarative client calls this very server, so the test fixes the port up front.
    @Override
    public Map<String, String> getProperties() {
        int port = freePort();
        return Map.of(
                "micronaut.server.port", String.valueOf(port),
                "micronaut.http.services.upstream.url", "http://127.0.0.1:" + port);
    }

    private BlockingHttpClient client() {
        return httpClient.toBlocking();
    }

    @Test
    void infoAnswersJsonWithTheServiceName() {
        HttpResponse<Map<String, String>> response = client().exchange(
                HttpRequest.GET("/api/info"), Argument.mapOf(String.class, String.class));
        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getContentType().orElseThrow());
        assertEquals("${serviceName}", response.body().get("service"));
        assertEquals("Hello from ${serviceName}", response.body().get("message"));
    }

    @Test
    void validGreetingIsCreated() {
        HttpResponse<Greeting> response = client().exchange(
                HttpRequest.POST("/api/greetings", Map.of("name", "Ada")), Greeting.class);
        assertEquals(HttpStatus.CREATED, response.getStatus());
        assertEquals("Hello, Ada!", response.body().message());
    }

    @Test
    void blankNameIsRefusedWithTheFieldAndTheReason() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(HttpRequest.POST("/api/greetings", Map.of("name", " ")),
                        Argument.of(String.class), Argument.of(String.class)));
        assertEquals(HttpStatus.BAD_REQUEST, error.getStatus());
        String body = error.getResponse().getBody(String.class).orElseThrow();
        assertTrue(body.contains("name") && body.contains("must not be blank"), body);
    }

    @Test
    void tooLongNameIsRefused() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(HttpRequest.POST("/api/greetings", Map.of("name", "x".repeat(41))),
                        Argument.of(String.class), Argument.of(String.class)));
        assertEquals(HttpStatus.BAD_REQUEST, error.getStatus());
        String body = error.getResponse().getBody(String.class).orElseThrow();
        assertTrue(body.contains("name") && body.contains("size must be between 0 and 40"), body);
    }

    @Test
    void homePageIsHtmlWithTheServiceNameAsHeading() {
        HttpResponse<String> response = client().exchange(HttpRequest.GET("/"), String.class);
        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals(MediaType.TEXT_HTML_TYPE, response.getContentType().orElseThrow());
        assertTrue(response.body().contains("<h1 id=\"service-name\">${serviceName}</h1>"), response.body());
    }

    @Test
    void relayCallsTheServiceThroughTheDeclarativeClient() {
        ServiceInfo info = client().retrieve(HttpRequest.GET("/api/relay"), ServiceInfo.class);
        assertEquals(new ServiceInfo("${serviceName}", "Hello from ${serviceName}"), info);
    }

    @Test
    void healthIsUp() {
        HttpResponse<Map<String, Object>> response = client().exchange(
                HttpRequest.GET("/health"), Argument.mapOf(String.class, Object.class));
        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals("UP", response.body().get("status"));
    }

    @Test
    void unknownPathIsNotFound() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client().exchange(HttpRequest.GET("/no-such-page")));
        assertEquals(HttpStatus.NOT_FOUND, error.getStatus());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
