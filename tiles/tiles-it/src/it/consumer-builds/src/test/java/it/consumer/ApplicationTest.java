package it.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest
class ApplicationTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void pingAnswersThroughRealHttp() {
        assertEquals("pong", client.toBlocking().retrieve("/ping"));
    }
}
