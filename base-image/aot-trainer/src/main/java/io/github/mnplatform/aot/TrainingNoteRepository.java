package io.github.mnplatform.aot;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Queries Micronaut Data generates at compile time, as services' repositories have. */
@Requires(classes = JdbcRepository.class)
@JdbcRepository(dialect = Dialect.H2)
interface TrainingNoteRepository extends CrudRepository<TrainingNote, Long> {

    List<TrainingNote> findByTextContains(String text);

    long countByTextContains(String text);
}
