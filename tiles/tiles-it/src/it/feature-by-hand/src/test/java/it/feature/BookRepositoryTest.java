package it.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@MicronautTest
class BookRepositoryTest {

    @Inject
    BookRepository books;

    @Test
    void findsTheLongBooks() {
        books.save(new Book(null, "The Stand", 1152));
        Book shortOne = books.save(new Book(null, "Animal Farm", 112));
        assertEquals(2, books.count());
        assertEquals(List.of("The Stand"), books.findByPagesGreaterThan(500).stream().map(Book::title).toList());
        assertEquals("Animal Farm", books.findById(shortOne.id()).orElseThrow().title());
    }
}
