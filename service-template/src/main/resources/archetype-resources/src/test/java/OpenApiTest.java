package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The OpenAPI description generated at compile time, and Swagger UI over it (feature openapi). */
@MicronautTest
class OpenApiTest {

    static final String DESCRIPTION = "/swagger/${artifactId}-1.0.yml";

    @Inject
    @Client("/")
    HttpClient httpClient;

    @Test
    void theDescriptionNamesTheServicesEndpoints() {
        HttpResponse<String> response = httpClient.toBlocking().exchange(HttpRequest.GET(DESCRIPTION), String.class);
        assertEquals(HttpStatus.OK, response.getStatus());
        String yaml = response.body();
        assertTrue(yaml.startsWith("openapi: 3."), yaml);
        assertTrue(yaml.contains("title: ${artifactId}"), yaml);
        assertTrue(yaml.contains("/api/info:") && yaml.contains("/api/greetings:"), yaml);
    }

    @Test
    void swaggerUiShowsTheDescription() {
        HttpResponse<String> response = httpClient.toBlocking().exchange(
                HttpRequest.GET("/swagger-ui/index.html"), String.class);
        assertEquals(HttpStatus.OK, response.getStatus());
        String page = response.body();
        assertTrue(page.contains("SwaggerUIBundle") || page.contains("swagger-ui"), page);
        assertTrue(page.contains("${artifactId}-1.0.yml"), page);
    }
}
