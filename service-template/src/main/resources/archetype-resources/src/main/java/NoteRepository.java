package ${package};

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Micronaut Data generates the implementation at compile time, queries included. */
@JdbcRepository(dialect = Dialect.H2)
public interface NoteRepository extends CrudRepository<Note, Long> {

    List<Note> findByTextContains(String text);
}
