package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final ImageRow ORDERS = new ImageRow("acme/orders", "1.0", DIGEST, "0.9.0",
            Optional.of("127.0.0.1:5000/acme/micronaut-base@sha256:" + "cd".repeat(32)), Optional.of(1),
            Optional.of("off"), Optional.of(25082L),
            List.of(new ImageRow.OverriddenJar("org.yaml:snakeyaml", "2.4", "2.3")),
            Optional.of(List.of(new Component("org.yaml", "snakeyaml", "2.3"))));
    private static final Report REPORT = new Report("127.0.0.1:5000", "acme", Optional.of("1.0.0"), List.of(ORDERS));

    @Test
    void jsonHasEveryColumnAndWhatTheImageRunsOfTheArtifactAsked() throws Exception {
        JsonNode json = new ObjectMapper().readTree(REPORT.json(Optional.of(Coordinate.parse("org.yaml:snakeyaml"))));
        assertEquals("1.0.0", json.get("newestBase").asText());
        JsonNode row = json.get("images").get(0);
        assertEquals("acme/orders", row.get("repository").asText());
        assertEquals("0.9.0", row.get("platformVersion").asText());
        assertEquals("sha256:" + "cd".repeat(32), row.get("baseDigest").asText());
        assertEquals(1, row.get("behind").asInt());
        assertEquals("off", row.get("aot").asText());
        assertEquals(25082, row.get("ownBytes").asLong());
        assertEquals("2.4", row.get("overrides").get(0).get("base").asText());
        assertTrue(row.get("sbom").asBoolean());
        assertEquals("org.yaml:snakeyaml:2.3", row.get("runs").get(0).asText());
    }

    @Test
    void unknownValuesAreNullInJsonAndADashInText() throws Exception {
        ImageRow bare = new ImageRow("acme/old", "1", DIGEST, "0.1.0", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        Report report = REPORT.with(List.of(bare));
        JsonNode row = new ObjectMapper().readTree(report.json(Optional.empty())).get("images").get(0);
        assertTrue(row.get("ownBytes").isNull());
        assertTrue(row.get("behind").isNull());
        assertFalse(row.has("runs"));
        String line = report.text(Optional.empty()).lines().skip(1).findFirst().orElseThrow();
        assertEquals(List.of("acme/old", "1", "sha256:abababababab", "0.1.0", "-", "-", "-", "-", "-"),
                List.of(line.trim().split("\\s+")));
    }

    @Test
    void textHasAHeaderAndOneLinePerImage() {
        List<String> lines = REPORT.text(Optional.empty()).lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("repository"), lines.get(0));
        assertTrue(lines.get(1).contains("org.yaml:snakeyaml 2.4 -> 2.3"), lines.get(1));
    }

    @Test
    void htmlIsOnePageWithoutAnythingFetchedAndEscapesWhatItShows() {
        Report report = new Report("127.0.0.1:5000", "acme", Optional.empty(), List.of(new ImageRow("acme/<b>x</b>",
                "1", DIGEST, "0.9.0", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty())));
        String html = report.html(Optional.empty());
        assertTrue(html.contains("<td>acme/&lt;b&gt;x&lt;/b&gt;</td>"), html);
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src="));
        assertFalse(html.contains("href="));
        assertTrue(html.contains("newest base: none in this registry"), html);
        assertTrue(html.contains("<td title=\"" + DIGEST + "\"><code>sha256:abababababab</code></td>"), html);
    }
}
