package io.github.mnplatform.aot;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import jakarta.inject.Singleton;

/**
 * Feature micrometer: the request timers every call records, read at /prometheus every tenth
 * round, about as often as a scrape comes (a scrape renders every meter: each round would make
 * it most of the run's time).
 */
@Singleton
@Requires(classes = PrometheusMeterRegistry.class)
class MetricsExercise implements TrainingExercise {

    private static final int SCRAPE_EVERY = 10;

    @Override
    public String feature() {
        return "micrometer";
    }

    @Override
    public void exercise(BlockingHttpClient http, int round) {
        if (round % SCRAPE_EVERY != 0) {
            return;
        }
        String metrics = http.retrieve(HttpRequest.GET("/prometheus"));
        if (!metrics.contains("http_server_requests_seconds")) {
            throw new IllegalStateException("/prometheus has no http_server_requests_seconds: " + metrics.lines().limit(5).toList());
        }
    }
}
