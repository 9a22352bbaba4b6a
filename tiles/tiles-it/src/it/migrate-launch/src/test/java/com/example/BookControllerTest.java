package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@MicronautTest
class BookControllerTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void aSavedBookIsListed() {
        Book saved = client.toBlocking().retrieve(HttpRequest.POST("/books", new Book(null, "Dune")), Book.class);
        assertNotNull(saved.id());
        List<Book> books = client.toBlocking().retrieve(HttpRequest.GET("/books"), Argument.listOf(Book.class));
        assertEquals(List.of("Dune"), books.stream().map(Book::title).toList());
    }
}
