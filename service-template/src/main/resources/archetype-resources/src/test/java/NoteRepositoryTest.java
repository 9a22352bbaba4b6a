package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository against H2 in memory (datasources.default in application.yml). */
@MicronautTest
class NoteRepositoryTest {

    @Inject
    NoteRepository notes;

    @Test
    void savesFindsAndDeletes() {
        Note saved = notes.save(new Note(null, "buy milk"));
        notes.save(new Note(null, "call Ada"));

        assertEquals("buy milk", notes.findById(saved.id()).orElseThrow().text());
        assertEquals(List.of(saved), notes.findByTextContains("milk"));

        notes.deleteById(saved.id());
        assertEquals(List.of(), notes.findByTextContains("milk"));
    }
}
