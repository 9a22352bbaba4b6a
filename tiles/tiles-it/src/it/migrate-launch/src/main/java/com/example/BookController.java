package com.example;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import java.util.List;

@Controller("/books")
public class BookController {

    private final BookRepository repository;

    public BookController(BookRepository repository) {
        this.repository = repository;
    }

    @Post
    @Status(HttpStatus.CREATED)
    public Book add(@Body Book book) {
        return repository.save(book);
    }

    @Get
    public List<Book> list() {
        return repository.findAll();
    }
}
