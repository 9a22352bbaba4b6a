package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path dir;

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> FleetReport.Options.parse(List.of(args), "acme")).getMessage();
    }

    @Test
    void theOrganisationDefaultsToThePlatformsAndEveryOptionIsRead() {
        FleetReport.Options options = FleetReport.Options.parse(List.of("--registry", "127.0.0.1:5000", "--json",
                "--with", "org.yaml:snakeyaml:2.4", "--html", "fleet.html"), "acme");
        assertEquals("acme", options.org());
        assertTrue(options.json());
        assertEquals(Optional.of(Path.of("fleet.html")), options.html());
        assertEquals("org.yaml:snakeyaml:2.4", options.with().orElseThrow().toString());
    }

    @Test
    void aMalformedWithSaysWhatItShouldBe() {
        for (String bad : List.of("snakeyaml", "org.yaml:", ":snakeyaml", "a:b:c:d", "a b:c", "org.yaml:snakeyaml:")) {
            assertTrue(usageError("--registry", "r:1", "--with", bad).contains("use GROUP:ARTIFACT or GROUP:ARTIFACT:VERSION"), bad);
        }
    }

    @Test
    void badRegistryOrgOrMissingValuesAreUsageErrors() {
        assertTrue(usageError("--registry", "http://127.0.0.1:5000").contains("use HOST[:PORT]"));
        assertTrue(usageError("--registry", "127.0.0.1:5000/acme").contains("use HOST[:PORT]"));
        assertTrue(usageError("--registry", "r:1", "--org", "Acme Corp").contains("--org 'Acme Corp'"));
        assertTrue(usageError("--registry").contains("--registry needs a value"));
        assertTrue(usageError("--json").contains("--registry HOST[:PORT] is needed"));
        assertTrue(usageError("--registry", "r:1", "--frobnicate").contains("unknown option: --frobnicate"));
    }

    @Test
    void rebaseTakesAVersionAndADryRunButNoViewOfTheReport() {
        FleetReport.Options options = FleetReport.Options.parse(List.of("--registry", "r:1", "--rebase", "0.2.1",
                "--dry-run"), "acme");
        assertEquals(Optional.of("0.2.1"), options.rebase());
        assertTrue(options.dryRun());
        assertTrue(usageError("--registry", "r:1", "--rebase", "latest").contains("--rebase 'latest': give a platform version"));
        assertTrue(usageError("--registry", "r:1", "--dry-run").contains("--dry-run goes with --rebase"));
        for (String view : List.of("--suggest", "--json")) {
            assertTrue(usageError("--registry", "r:1", "--rebase", "0.2.1", view).contains("not with --suggest, --with,"), view);
        }
    }

    @Test
    void suggestTakesAShareOfHalfTheServicesUnlessTold() {
        FleetReport.Options options = FleetReport.Options.parse(List.of("--registry", "r:1", "--suggest"), "acme");
        assertTrue(options.suggest());
        assertEquals(0.5, options.minShare());
        assertEquals(0.25, FleetReport.Options.parse(List.of("--registry", "r:1", "--suggest", "--min-share", ".25"), "acme")
                .minShare());
        assertEquals(1.0, FleetReport.Options.parse(List.of("--registry", "r:1", "--min-share", "1", "--suggest"), "acme")
                .minShare());
    }

    @Test
    void aShareThatIsNoFractionOfTheServicesIsAUsageError() {
        for (String bad : List.of("0", "0.0", "1.5", "-0.5", "half", "50%", "1e-1", "NaN", "0.5.1")) {
            String message = usageError("--registry", "r:1", "--suggest", "--min-share", bad);
            assertTrue(message.contains("--min-share '" + bad + "': give the share of services as a fraction greater"
                    + " than 0 and at most 1, e.g. 0.5"), message);
        }
        assertTrue(usageError("--registry", "r:1", "--suggest", "--min-share").contains("--min-share needs a value"));
        assertTrue(usageError("--registry", "r:1", "--min-share", "0.5").contains("--min-share goes with --suggest"));
        assertTrue(usageError("--registry", "r:1", "--suggest", "--with", "org.yaml:snakeyaml")
                .contains("--with and --suggest are two views"));
    }

    @Test
    void aSuggestionOverARegistryThatDoesNotAnswerIsExit1WithTheReason() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FleetReport.run(List.of("--registry", "127.0.0.1:" + port, "--suggest", "--json"),
                new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(1, status);
        assertEquals(0, out.size(), "nothing on stdout");
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("fleet: ERROR: no registry answers at http://127.0.0.1:" + port), message);
    }

    @Test
    void aBadShareIsExit2BeforeAnyRegistryIsAsked() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FleetReport.run(List.of("--registry", "no-such-registry.invalid", "--suggest", "--min-share", "2"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(2, status);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--min-share '2'"), message);
        assertFalse(message.contains("no registry answers"), message);
    }

    @Test
    void aRepositoryListSkipsBlankLinesAndComments() throws IOException {
        Path list = Files.writeString(dir.resolve("repos.txt"), "# from the GitHub packages API\nacme/orders\n\n  acme/billing \n");
        assertEquals(List.of("acme/orders", "acme/billing"), FleetReport.readRepositoryList(list));
    }

    @Test
    void aRegistryThatDoesNotAnswerIsExit1WithWhatToDo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FleetReport.run(List.of("--registry", "127.0.0.1:" + port), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(1, status);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("no registry answers at http://127.0.0.1:" + port), message);
        assertTrue(message.contains("scripts/local-registry.sh start"), message);
    }

    @Test
    void inGitHubActionsAnErrorIsAlsoAnAnnotation() {
        for (Map<String, String> environment : List.of(Map.of("GITHUB_ACTIONS", "true"), Map.<String, String>of())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = FleetReport.run(List.of("--registry", "r:1", "--with", "nonsense"),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), environment);
            assertEquals(2, status);
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(!environment.isEmpty(), message.contains("\n::error::fleet: --with 'nonsense': "), message);
        }
    }

    @Test
    void aUsageErrorIsExit2AndPointsAtHelp() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FleetReport.run(List.of("--registry", "r:1", "--with", "nonsense"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("run with --help"));
    }
}
