package io.github.mnplatform.aot;

import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.annotation.Client;

/** The declarative HTTP client, as services use it, calling the trainer itself. */
@Client(id = "training")
interface TrainingClient {

    @Get("/training/info")
    TrainingInfo info();
}
