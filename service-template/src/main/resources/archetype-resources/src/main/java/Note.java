package ${package};

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

/** A row of the table {@code note} (feature data-jdbc). */
@Serdeable
@MappedEntity
public record Note(@Id @GeneratedValue Long id, String text) {
}
