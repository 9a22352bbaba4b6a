package io.github.mnplatform.aot;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;

@Serdeable
record TrainingRequest(@NotBlank String name) {
}
