package io.github.mnplatform.aot;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.BlockingHttpClient;
import jakarta.inject.Singleton;
import java.util.List;

/** Feature data-jdbc: saves and queries rows over HTTP, through a generated repository and Hikari. */
@Singleton
@Requires(classes = JdbcRepository.class)
class DataExercise implements TrainingExercise {

    @Override
    public String feature() {
        return "data-jdbc";
    }

    @Override
    public void exercise(BlockingHttpClient http, int round) {
        var saved = http.exchange(HttpRequest.POST("/training/notes", new TrainingRequest("note " + round)), TrainingNote.class);
        Trainer.expect(saved.getStatus(), HttpStatus.OK, "POST /training/notes");
        List<TrainingNote> found = http.retrieve(HttpRequest.GET("/training/notes?contains=note%20" + round),
                Argument.listOf(TrainingNote.class));
        if (found.isEmpty()) {
            throw new IllegalStateException("the saved note " + round + " was not found by its repository query");
        }
    }

    /** The controller the exercise calls. */
    @Requires(classes = JdbcRepository.class)
    @Controller("/training/notes")
    static class NotesController {

        private final TrainingNoteRepository notes;

        NotesController(TrainingNoteRepository notes) {
            this.notes = notes;
        }

        @Post
        TrainingNote save(@Body TrainingRequest request) {
            return notes.save(new TrainingNote(null, request.name()));
        }

        @Get
        List<TrainingNote> find(@QueryValue String contains) {
            return notes.countByTextContains(contains) == 0 ? List.of() : notes.findByTextContains(contains);
        }
    }
}
