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
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint, through real HTTP on the embedded Netty server (on a free port). */
@MicronautTest
class ServiceTest {

    @Inject
    @Client("/")
    HttpClient httpClient;

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
}
