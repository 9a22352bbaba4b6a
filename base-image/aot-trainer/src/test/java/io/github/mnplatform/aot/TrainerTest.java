package io.github.mnplatform.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.BlockingHttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static TrainingExercise exercise(String feature) {
        return new TrainingExercise() {
            @Override
            public String feature() {
                return feature;
            }

            @Override
            public void exercise(BlockingHttpClient http, int round) {
                // what it does is the feature's; here only which runs counts
            }
        };
    }

    private static final List<TrainingExercise> ALL = List.of(exercise("micrometer"), exercise("data-jdbc"), exercise("flyway"));

    @Test
    void theProfilesFeaturesAreExercisedInTheirOrder() {
        assertEquals(List.of("data-jdbc", "flyway", "micrometer"),
                Trainer.exercisesOf(ALL, "data-jdbc,flyway,micrometer").stream().map(TrainingExercise::feature).toList());
        assertEquals(List.of(), Trainer.exercisesOf(List.of(), ""));
    }

    @Test
    void aFeatureWithoutItsClassesOnTheClassPathFailsTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trainer.exercisesOf(List.of(exercise("data-jdbc")), "data-jdbc,security-jwt"));
        assertTrue(e.getMessage().contains("feature 'security-jwt' is to be trained, but its classes are not on the class path"),
                e.getMessage());
    }

    @Test
    void jarsOfAFeatureTheProfileDoesNotTrainFailTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trainer.exercisesOf(ALL, "data-jdbc,flyway"));
        assertTrue(e.getMessage().contains("the class path holds the jars of [micrometer], which this profile does not train"),
                e.getMessage());
    }

    @Test
    void theRuntimeIdentityNamesTheJvmBuildAndItsModules() throws Exception {
        String identity = RuntimeIdentity.describe();
        assertTrue(identity.contains("java.vm.version=" + System.getProperty("java.vm.version") + "\n"), identity);
        assertTrue(identity.contains("\nmodule java.base@"), identity);
        assertTrue(identity.contains("\nlib/modules bytes="), identity);
    }
}
