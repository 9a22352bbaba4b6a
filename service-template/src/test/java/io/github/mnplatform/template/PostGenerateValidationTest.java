package io.github.mnplatform.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.Binding;
import io.github.mnplatform.core.TemplateProvenance;
import groovy.lang.GroovyShell;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the archetype's post-generate script, as shipped, against a generated directory. */
class PostGenerateValidationTest {

    private static final Path SCRIPT = Path.of("src/main/resources/META-INF/archetype-post-generate.groovy");
    private static final Path TEMPLATE = Path.of("src/main/resources/archetype-resources");

    private static final String DATA_JDBC_TEST = "src/test/java/com/acme/orders/NoteRepositoryTest.java";
    private static final String METRICS_TEST = "src/test/java/com/acme/orders/MetricsTest.java";
    private static final String FLYWAY_MIGRATION = "src/main/resources/db/migration/V1__create_note.sql";
    private static final String[] FEATURE_FILES = {"src/main/java/com/acme/orders/Note.java",
        "src/main/java/com/acme/orders/NoteRepository.java", DATA_JDBC_TEST, METRICS_TEST,
        "src/main/java/com/acme/orders/DemoUserAuthenticationProvider.java", "src/main/java/com/acme/orders/MeController.java",
        "src/test/java/com/acme/orders/SecurityTest.java", FLYWAY_MIGRATION,
        "src/test/java/com/acme/orders/FlywayMigrationTest.java", "openapi.properties",
        "src/test/java/com/acme/orders/OpenApiTest.java"};
    private static final String KNOWN_FEATURES = "none, or some of data-jdbc, micrometer, security-jwt, flyway, openapi";

    @TempDir
    Path outputDirectory;

    private Path serviceDir;

    /** The members of the archetype plugin's request that the script reads. */
    public static final class Request {
        private final String outputDirectory;
        private final String groupId;
        private final String artifactId;
        private final Properties properties;

        Request(String outputDirectory, String groupId, String artifactId, Properties properties) {
            this.outputDirectory = outputDirectory;
            this.groupId = groupId;
            this.artifactId = artifactId;
            this.properties = properties;
        }

        public String getOutputDirectory() {
            return outputDirectory;
        }

        public String getGroupId() {
            return groupId;
        }

        public String getArtifactId() {
            return artifactId;
        }

        public Properties getProperties() {
            return properties;
        }

        public String getArchetypeGroupId() {
            return "io.github.mnplatform";
        }

        public String getArchetypeArtifactId() {
            return "service-template";
        }

        public String getArchetypeVersion() {
            return "0.3.0";
        }
    }

    @BeforeEach
    void generatedService() throws IOException {
        serviceDir = generated("orders");
    }

    /** What the archetype plugin leaves for the script: a few files, as the template has them. */
    private Path generated(String artifactId) throws IOException {
        Path dir = Files.createDirectories(outputDirectory.resolve(artifactId));
        Files.writeString(dir.resolve("mvnw"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        // The files of the feature tiles, which the script keeps or removes.
        for (String file : FEATURE_FILES) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "class X {}\n");
        }
        // The two files whose platform references the script writes.
        for (String file : new String[] {".github/workflows/ci.yml", "renovate.json"}) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.copy(TEMPLATE.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private void run(String artifactId, String... keyValues) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("package", "com.acme.orders");
        properties.setProperty("port", "8080");
        properties.setProperty("serviceName", "Orders");
        properties.setProperty("platformVersion", "0.1.0");
        properties.setProperty("platformOrg", "acme");
        properties.setProperty("features", "none");
        properties.setProperty("version", "0.1.0-SNAPSHOT");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        Binding binding = new Binding();
        binding.setVariable("request", new Request(outputDirectory.toString(), "com.acme", artifactId, properties));
        new GroovyShell(binding).evaluate(SCRIPT.toFile());
    }

    private IllegalArgumentException refused(String artifactId, String... keyValues) {
        return assertThrows(IllegalArgumentException.class, () -> run(artifactId, keyValues));
    }

    @Test
    void theServiceRecordsTheTemplateAndItsAnswersAsPlatformCoreWritesThem() throws IOException {
        run("orders", "serviceName", " Orders: été", "features", "data-jdbc,micrometer");
        TemplateProvenance provenance = TemplateProvenance.read(serviceDir);
        Request request = new Request("", "", "", new Properties());
        String template = request.getArchetypeGroupId() + ":" + request.getArchetypeArtifactId();
        assertEquals(new TemplateProvenance(template, "0.3.0", TemplateProvenance.MADE, Map.of("groupId", "com.acme",
                "artifactId", "orders", "version", "0.1.0-SNAPSHOT", "package", "com.acme.orders", "serviceName",
                " Orders: été", "port", "8080", "platformOrg", "acme", "features", "data-jdbc,micrometer")), provenance);
        assertEquals(provenance.text(), Files.readString(serviceDir.resolve(TemplateProvenance.FILE), StandardCharsets.UTF_8));
    }

    @Test
    void everyManagedFileIsOneTheTemplateWrites() throws IOException {
        Path built = Path.of("target/classes");
        List<String> managed = Files.readAllLines(built.resolve("META-INF/mnplatform/managed-files.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertTrue(managed.contains(".github/workflows/ci.yml"), managed.toString());
        for (String file : managed) {
            assertTrue(Files.isRegularFile(built.resolve("archetype-resources").resolve(file)), file);
        }
    }

    @Test
    void validInputKeepsTheServiceAndMakesMvnwExecutable() throws IOException {
        run("orders");
        assertTrue(Files.isRegularFile(serviceDir.resolve("pom.xml")));
        assertTrue(new File(serviceDir.toFile(), "mvnw").canExecute());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Orders", "Bad Name", "1orders", "orders-", "or--ders", "orders_api", "-orders"})
    void artifactIdMustBeKebabCase(String artifactId) throws IOException {
        Files.createDirectories(outputDirectory.resolve(artifactId));
        IllegalArgumentException error = refused(artifactId);
        assertTrue(error.getMessage().contains("artifactId='" + artifactId + "': lowercase kebab-case"), error.getMessage());
        assertFalse(Files.exists(outputDirectory.resolve(artifactId)), "generated directory left behind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "payment-gateway", "a1-b2"})
    void kebabCaseArtifactIdsPass(String artifactId) throws IOException {
        generated(artifactId);
        assertDoesNotThrow(() -> run(artifactId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.acme.class", "1com.acme", "com..acme", "com.acme-orders", ""})
    void packageMustBeAValidJavaPackage(String pkg) {
        IllegalArgumentException error = refused("orders", "package", pkg);
        assertTrue(error.getMessage().contains("package='" + pkg + "': a valid Java package"), error.getMessage());
        assertFalse(Files.exists(serviceDir), "generated directory left behind");
    }

    @ParameterizedTest
    @CsvSource({"1023,false", "1024,true", "8080,true", "65535,true", "65536,false", "80,false", "http,false", "-1,false"})
    void portMustBeFrom1024To65535(String port, boolean accepted) throws IOException {
        if (accepted) {
            run("orders", "port", port);
            assertTrue(Files.exists(serviceDir));
        } else {
            IllegalArgumentException error = refused("orders", "port", port);
            assertTrue(error.getMessage().contains("port='" + port + "': a whole number from 1024 to 65535"), error.getMessage());
            assertFalse(Files.exists(serviceDir), "generated directory left behind");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "Orders \"prod\"", "back\\slash"})
    void serviceNameMustBeNonEmptyAndSafe(String serviceName) {
        IllegalArgumentException error = refused("orders", "serviceName", serviceName);
        assertTrue(error.getMessage().contains("serviceName='" + serviceName + "'"), error.getMessage());
    }

    @Test
    void everyBadPropertyIsReportedAtOnce() {
        IllegalArgumentException error = refused("orders", "package", "com.acme.class", "port", "80");
        assertTrue(error.getMessage().contains("package='com.acme.class'"), error.getMessage());
        assertTrue(error.getMessage().contains("port='80'"), error.getMessage());
        assertTrue(error.getMessage().contains("nothing was generated"), error.getMessage());
    }

    @Test
    void aReleasedPlatformIsCalledAtItsTag() throws IOException {
        run("orders", "platformVersion", "1.2.3", "platformOrg", "acme-corp");
        String ci = Files.readString(serviceDir.resolve(".github/workflows/ci.yml"));
        assertTrue(ci.contains("\n    uses: acme-corp/platform/.github/workflows/service.yml@v1.2.3\n"), ci);
        String renovate = Files.readString(serviceDir.resolve("renovate.json"));
        assertTrue(renovate.contains("\"github>acme-corp/platform//renovate/service.json#v1.2.3\""), renovate);
    }

    @Test
    void aSnapshotPlatformIsCalledAtMain() throws IOException {
        run("orders", "platformVersion", "1.3.0-SNAPSHOT");
        String ci = Files.readString(serviceDir.resolve(".github/workflows/ci.yml"));
        assertTrue(ci.contains("\n    uses: acme/platform/.github/workflows/service.yml@main\n"), ci);
        String renovate = Files.readString(serviceDir.resolve("renovate.json"));
        assertTrue(renovate.contains("\"github>acme/platform//renovate/service.json\""), renovate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme", "acme/platform", "-acme", ""})
    void platformOrgMustBeALowercaseGitHubOwner(String org) {
        IllegalArgumentException error = refused("orders", "platformOrg", org);
        assertTrue(error.getMessage().contains("platformOrg='" + org + "'"), error.getMessage());
        assertFalse(Files.exists(serviceDir), "generated directory left behind");
    }

    @Test
    void withoutFeaturesNoFeatureFileIsLeft() throws IOException {
        run("orders");
        for (String file : FEATURE_FILES) {
            assertFalse(Files.exists(serviceDir.resolve(file)), file);
        }
    }

    @Test
    void eachChosenFeatureKeepsItsFilesAndOnlyThose() throws IOException {
        run("orders", "features", "data-jdbc");
        assertTrue(Files.exists(serviceDir.resolve(DATA_JDBC_TEST)));
        assertTrue(Files.exists(serviceDir.resolve("src/main/java/com/acme/orders/NoteRepository.java")));
        assertFalse(Files.exists(serviceDir.resolve(METRICS_TEST)));
    }

    @Test
    void allFeaturesKeepAllTheirFiles() throws IOException {
        run("orders", "features", "micrometer,data-jdbc,openapi,flyway,security-jwt");
        for (String file : FEATURE_FILES) {
            assertTrue(Files.exists(serviceDir.resolve(file)), file);
        }
    }

    @Test
    void withoutFlywayItsMigrationFolderGoes() throws IOException {
        run("orders", "features", "data-jdbc");
        assertFalse(Files.exists(serviceDir.resolve("src/main/resources/db")), "db/migration left behind");
        assertFalse(Files.exists(serviceDir.resolve("openapi.properties")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"graphql", "data-jdbc,graphql", "data-jdbc, micrometer", "data-jdbc,,micrometer", "data-jdbc,data-jdbc", ""})
    void unknownOrMalformedFeaturesAreRefusedAndNothingIsLeft(String features) {
        IllegalArgumentException error = refused("orders", "features", features);
        assertTrue(error.getMessage().contains("features='" + features + "': " + KNOWN_FEATURES), error.getMessage());
        assertFalse(Files.exists(serviceDir), "generated directory left behind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flyway", "micrometer,flyway"})
    void flywayWithoutDataJdbcIsRefusedAndNothingIsLeft(String features) {
        IllegalArgumentException error = refused("orders", "features", features);
        assertTrue(error.getMessage().contains("features='" + features + "': flyway migrates the database of data-jdbc,"
                + " and without data-jdbc the service has none: add data-jdbc (e.g. data-jdbc,flyway)"), error.getMessage());
        assertFalse(error.getMessage().contains(KNOWN_FEATURES), "one reason, not two: " + error.getMessage());
        assertFalse(Files.exists(serviceDir), "generated directory left behind");
    }
}
