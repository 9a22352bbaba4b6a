package io.github.mnplatform.aot;

import io.micronaut.serde.annotation.Serdeable;

@Serdeable
record TrainingInfo(String message, int rounds) {
}
