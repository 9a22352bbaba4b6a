package io.github.mnplatform.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.openrewrite.maven.Assertions.pomXml;
import static org.openrewrite.yaml.Assertions.yaml;

import io.github.mnplatform.core.ReleaseRecipes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openrewrite.Recipe;
import org.openrewrite.config.Environment;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

class ReleaseRecipesTest implements RewriteTest {

    private static final Environment ENVIRONMENT = Environment.builder().scanRuntimeClasspath().build();

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(ENVIRONMENT.activateRecipes(ReleaseRecipes.name("0.0.1-example")));
    }

    /** What platform:update relies on: each file holds the recipe its name promises, and OpenRewrite knows every step. */
    @Test
    void everyReleaseRecipeIsNamedAfterItsFileAndValid() throws IOException, URISyntaxException {
        List<Path> files = new ArrayList<>();
        for (var directory : Collections.list(getClass().getClassLoader().getResources(ReleaseRecipes.DIRECTORY))) {
            if (!"file".equals(directory.getProtocol())) {
                continue; // OpenRewrite's own jars have recipes there too; this module's are in directories
            }
            try (Stream<Path> listing = Files.list(Path.of(directory.toURI()))) {
                listing.forEach(files::add);
            }
        }
        assertFalse(files.isEmpty(), "no recipe files on the class path");
        for (Path file : files) {
            String version = ReleaseRecipes.versionOf(ReleaseRecipes.DIRECTORY + file.getFileName())
                    .orElseThrow(() -> new AssertionError(file + " is not named platform-VERSION.yml"));
            Recipe recipe = ENVIRONMENT.activateRecipes(ReleaseRecipes.name(version));
            assertEquals(List.of(), recipe.validateAll().stream().flatMap(v -> v.failures().stream())
                    .map(failure -> failure.getProperty() + ": " + failure.getMessage()).toList(), file.toString());
        }
    }

    @Test
    void theExampleRenamesTheTilePropertyAndTheMicronautKey() {
        rewriteRun(
                pomXml("""
                        <project>
                          <groupId>com.example</groupId>
                          <artifactId>orders</artifactId>
                          <version>1</version>
                          <properties>
                            <platform.image.port>8081</platform.image.port>
                          </properties>
                        </project>
                        """, """
                        <project>
                          <groupId>com.example</groupId>
                          <artifactId>orders</artifactId>
                          <version>1</version>
                          <properties>
                            <platform.image.http-port>8081</platform.image.http-port>
                          </properties>
                        </project>
                        """),
                yaml("""
                        micronaut:
                          security:
                            token:
                              jwt:
                                cookie:
                                  enabled: true
                        """,
                        // OpenRewrite keeps the moved block's own indentation: valid YAML, the same settings.
                        """
                        micronaut:
                          security:
                            token:
                                cookie:
                                  enabled: true
                        """));
    }
}
