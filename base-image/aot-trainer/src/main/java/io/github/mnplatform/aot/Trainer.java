package io.github.mnplatform.aot;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts Micronaut with the jars of one cache profile of the base and drives the requests every
 * service answers, plus the {@link TrainingExercise} of each feature whose jars the profile
 * holds, so that the JVM records what it loaded, linked and profiled into the AOT cache when it
 * exits.
 *
 * <p>Run as {@code java -javaagent:aot-trainer.jar -Dmnplatform.aot.features=F,G
 * -XX:AOTCacheOutput=FILE -cp PROFILE-JARS io.github.mnplatform.aot.Trainer}. The agent does
 * nothing; being one puts this jar (and H2, its Class-Path) on the class path after the recorded
 * one, so the cache names the base's jars only. A jar at the end of -cp would be recorded too,
 * and every service would have to carry it. The run fails when a feature it is told to train
 * has no exercise: its jars are not on the class path, and the cache would lack its work.
 */
public final class Trainer {

    /** Rounds of requests: enough for the JIT profiles to settle, a few seconds in all. */
    private static final int ROUNDS = 200;
    /** The features of the profile being trained, comma-separated (empty for the common set). */
    static final String FEATURES_PROPERTY = "mnplatform.aot.features";

    private Trainer() {
    }

    /** The agent entry point: nothing to do, see the class comment. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        // only here to put the jar on the class path
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        int port = freePort();
        Map<String, Object> properties = Map.of(
                "micronaut.server.port", port,
                "micronaut.server.host", "127.0.0.1",
                "micronaut.http.services.training.url", "http://127.0.0.1:" + port);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            TrainingClient client = server.getApplicationContext().getBean(TrainingClient.class);
            List<TrainingExercise> exercises = exercisesOf(server.getApplicationContext().getBeansOfType(TrainingExercise.class),
                    System.getProperty(FEATURES_PROPERTY, ""));
            for (int round = 0; round < ROUNDS; round++) {
                exercise(http, client, round);
                for (TrainingExercise feature : exercises) {
                    feature.exercise(http.toBlocking(), round);
                }
            }
            System.out.printf("aot-trainer: %d rounds of requests in %d ms, features exercised: %s%n", ROUNDS,
                    (System.nanoTime() - start) / 1_000_000,
                    exercises.isEmpty() ? "none" : exercises.stream().map(TrainingExercise::feature).toList());
        }
    }

    /** The exercises of the features to train, in their order; fails on a feature without one. */
    static List<TrainingExercise> exercisesOf(Collection<TrainingExercise> available, String features) {
        Map<String, TrainingExercise> byFeature = new TreeMap<>();
        available.forEach(exercise -> byFeature.put(exercise.feature(), exercise));
        List<TrainingExercise> exercises = new ArrayList<>();
        for (String feature : features.split(",")) {
            if (feature.isBlank()) {
                continue;
            }
            TrainingExercise exercise = byFeature.remove(feature.trim());
            if (exercise == null) {
                throw new IllegalStateException("feature '" + feature.trim() + "' is to be trained, but its classes are"
                        + " not on the class path (or the trainer has no exercise for it); exercises here: "
                        + available.stream().map(TrainingExercise::feature).sorted().toList());
            }
            exercises.add(exercise);
        }
        if (!byFeature.isEmpty()) {
            throw new IllegalStateException("the class path holds the jars of " + byFeature.keySet()
                    + ", which this profile does not train (" + FEATURES_PROPERTY + "=" + features + ")");
        }
        return exercises;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void exercise(HttpClient http, TrainingClient client, int round) {
        var blocking = http.toBlocking();
        expect(blocking.exchange(HttpRequest.GET("/health"), String.class).getStatus(), HttpStatus.OK, "/health");
        expect(blocking.exchange(HttpRequest.GET("/training/info"), TrainingInfo.class).getStatus(), HttpStatus.OK, "GET json");
        expect(blocking.exchange(HttpRequest.POST("/training/greetings", new TrainingRequest("round " + round)),
                TrainingInfo.class).getStatus(), HttpStatus.CREATED, "POST json");
        try {
            blocking.exchange(HttpRequest.POST("/training/greetings", new TrainingRequest(" ")), TrainingInfo.class);
            throw new IllegalStateException("a blank name was accepted: validation did not run");
        } catch (HttpClientResponseException e) {
            expect(e.getStatus(), HttpStatus.BAD_REQUEST, "POST invalid json");
        }
        String page = blocking.retrieve(HttpRequest.GET("/training/page"));
        if (!page.contains("<h1>training</h1>")) {
            throw new IllegalStateException("the Thymeleaf view did not render: " + page);
        }
        String description = blocking.retrieve(HttpRequest.GET("/swagger/training.yml"));
        if (!description.startsWith("openapi:")) {
            throw new IllegalStateException("the static OpenAPI description was not served: " + description);
        }
        if (client.info().rounds() < 0) {
            throw new IllegalStateException("the declarative client returned nonsense");
        }
    }

    static void expect(HttpStatus actual, HttpStatus expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " answered " + actual + ", expected " + expected);
        }
    }
}
