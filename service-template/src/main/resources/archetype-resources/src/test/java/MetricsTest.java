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

/** /prometheus serves the metrics in Prometheus' text format (feature micrometer). */
@MicronautTest
class MetricsTest {

    @Inject
    @Client("/")
    HttpClient httpClient;

    @Test
    void prometheusCountsTheRequestsTheServiceAnswered() {
        httpClient.toBlocking().retrieve("/api/info");
        HttpResponse<String> response = httpClient.toBlocking().exchange(HttpRequest.GET("/prometheus"), String.class);
        assertEquals(HttpStatus.OK, response.getStatus());
        String body = response.body();
        assertTrue(body.contains("jvm_memory_used_bytes"), body);
        assertTrue(body.contains("http_server_requests_seconds_count{") && body.contains("uri=\"/api/info\""), body);
    }
}
