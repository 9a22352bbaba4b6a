package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Added to the Launch project: its features work on the feature tiles after the migration. */
@MicronautTest
class FeaturesTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApplicationContext context;

    @Test
    void securityJwtGuardsTheController() {
        HttpClientResponseException error = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.GET("/demo")));
        assertEquals(HttpStatus.UNAUTHORIZED, error.getStatus());
    }

    @Test
    void flywayMicrometerAndTheOpenApiDescriptionAreThere() {
        assertTrue(context.containsBean(io.micronaut.flyway.FlywayConfigurationProperties.class));
        assertTrue(context.getBeansOfType(io.micrometer.core.instrument.MeterRegistry.class).stream()
                .anyMatch(registry -> registry.getClass().getSimpleName().startsWith("Prometheus")));
        assertTrue(getClass().getResource("/META-INF/swagger/demo-0.0.yml") != null);
    }
}
