package io.github.mnplatform.aot;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

/** A row of training_note, made by the Flyway migration db/migration/V1__training_note.sql. */
@Serdeable
@MappedEntity("training_note")
record TrainingNote(@Id @GeneratedValue @Nullable Long id, String text) {
}
