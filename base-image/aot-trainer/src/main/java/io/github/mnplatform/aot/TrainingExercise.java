package io.github.mnplatform.aot;

import io.micronaut.http.client.BlockingHttpClient;

/**
 * What a feature tile's jars do in a service, driven on every round of the training run. Each
 * implementation requires its feature's classes, so it is a bean only when the cache profile
 * being trained puts that feature's jars on the class path.
 */
interface TrainingExercise {

    /** The feature tile whose jars this exercises, as the base names it (data-jdbc, ...). */
    String feature();

    /** Sends this round's requests; throws when an answer is not what the feature gives. */
    void exercise(BlockingHttpClient http, int round);
}
