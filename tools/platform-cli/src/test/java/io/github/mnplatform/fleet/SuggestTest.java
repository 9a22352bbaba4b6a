package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * --suggest over a fleet of four services with SBOMs (one more without) and a base whose jar
 * list names the jars of two feature tiles.
 */
class SuggestTest {

    private static final String BASE = "fixture:5000/acme/micronaut-base";
    private static final String SBOM = "/opt/mnplatform/sbom/service.cdx.json";

    // The jars: coordinate -> file content (the content stands for the jar's bytes).
    private static final String CORE = "io.micronaut:micronaut-core:4.10.1";
    private static final String YAML = "org.yaml:snakeyaml:2.4";
    private static final String DATA_JDBC = "io.micronaut.data:micronaut-data-jdbc:4.1.0";
    private static final String DATA_JDBC_NEWER = "io.micronaut.data:micronaut-data-jdbc:4.2.0";
    private static final String HIKARI = "com.zaxxer:HikariCP:6.0.0";
    private static final String MICROMETER = "io.micrometer:micrometer-core:1.14.0";
    private static final String H2 = "com.h2database:h2:2.3.232";
    private static final String LANG3 = "org.apache.commons:commons-lang3:3.17.0";

    private final FixtureRegistry registry = new FixtureRegistry();
    private final List<String> log = new ArrayList<>();
    private String runtime;
    private List<String> baseLayers;
    private String baseDigest;

    static String content(String coordinate) {
        // Sizes differ per jar, so that a wrong jar's size shows.
        return coordinate + " bytes " + "x".repeat(coordinate.length() * 10);
    }

    static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** A CycloneDX SBOM whose components carry the SHA-256 of their files, as the CycloneDX Maven plugin writes. */
    static String sbom(String... coordinates) throws Exception {
        StringBuilder json = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
        for (int i = 0; i < coordinates.length; i++) {
            String[] gav = coordinates[i].split(":");
            json.append(i == 0 ? "" : ",").append("{\"type\":\"library\",\"group\":\"").append(gav[0])
                    .append("\",\"name\":\"").append(gav[1]).append("\",\"version\":\"").append(gav[2])
                    .append("\",\"hashes\":[{\"alg\":\"MD5\",\"content\":\"00\"},{\"alg\":\"SHA-256\",\"content\":\"")
                    .append(sha256(content(coordinates[i]))).append("\"}]}");
        }
        return json.append("]}").toString();
    }

    static String path(String coordinate) {
        String[] gav = coordinate.split(":");
        return "/app/libs/" + gav[1] + "-" + gav[2] + ".jar";
    }

    /** A layer with these jars at /app/libs/NAME-VERSION.jar. */
    private String jars(String... coordinates) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (String coordinate : coordinates) {
            files.put(path(coordinate), content(coordinate));
        }
        return registry.layer(files);
    }

    @BeforeEach
    void fleet() throws Exception {
        runtime = registry.layer(Map.of("/opt/java/bin/java", "a Java runtime"));
        // An older base, which held commons-lang3: the newest base decides what is held.
        String oldJars = jars(CORE, YAML, LANG3);
        String oldMeta = registry.layer(Map.of("/opt/mnplatform/sbom/base.cdx.json", sbom(CORE, YAML, LANG3)));
        registry.push("acme/micronaut-base", Map.of(), List.of(runtime, oldJars, oldMeta), "0.9.0");

        // The newest base: the common set, then a layer per feature, then its SBOM and jar list,
        // as the Jib extension's BaseJarList writes it.
        String common = jars(CORE, YAML);
        String dataJdbc = jars(DATA_JDBC, HIKARI);
        String micrometer = jars(MICROMETER);
        String list = "# Jars of the platform base image: path in the image = SHA-256; the common set is every jar\n"
                + "# that no feature.NAME names.\n"
                + "platform.version=1.0.0\nimage=fixture:5000/acme/micronaut-base:1.0.0\n"
                + "aot.profiles=base\naot.profile.base.classpath=" + path(CORE) + ":" + path(YAML) + "\n"
                + "features=data-jdbc,micrometer\n"
                + "feature.data-jdbc=" + path(DATA_JDBC) + ":" + path(HIKARI) + "\n"
                + "feature.micrometer=" + path(MICROMETER) + "\n";
        for (String jar : List.of(CORE, YAML, DATA_JDBC, HIKARI, MICROMETER)) {
            list += path(jar) + "=" + sha256(content(jar)) + "\n";
        }
        String meta = registry.layer(Map.of("/opt/mnplatform/sbom/base.cdx.json",
                sbom(CORE, YAML, DATA_JDBC, HIKARI, MICROMETER), "/opt/mnplatform/base-jars.properties", list));
        baseLayers = List.of(runtime, common, dataJdbc, micrometer, meta);
        baseDigest = registry.push("acme/micronaut-base", Map.of(), baseLayers, "1.0.0");

        // Four services. h2 is run by three of them (75%), the newer data-jdbc by two (50%),
        // commons-lang3 by one (25%, and by an older image of alpha); nobody runs micrometer.
        service("acme/alpha", "2", List.of(CORE, YAML, DATA_JDBC_NEWER, HIKARI, H2), List.of(DATA_JDBC_NEWER, H2));
        service("acme/beta", "1", List.of(CORE, YAML, DATA_JDBC_NEWER, HIKARI, H2), List.of(DATA_JDBC_NEWER, H2));
        service("acme/gamma", "1", List.of(CORE, YAML, DATA_JDBC, HIKARI, H2, LANG3), List.of(H2, LANG3));
        service("acme/delta", "1", List.of(CORE, YAML), List.of());
        String lang3 = jars(LANG3);
        String olderSbom = registry.layer(Map.of(SBOM, sbom(CORE, YAML, LANG3)));
        List<String> older = new ArrayList<>(baseLayers);
        older.addAll(List.of(lang3, olderSbom));
        registry.push("acme/alpha", Map.of(Fleet.VERSION_LABEL, "0.9.0", Fleet.BASE_LABEL, BASE + "@" + baseDigest),
                older, "1");
        // A service built before the SBOM existed: not counted.
        List<String> bare = new ArrayList<>(baseLayers);
        bare.add(jars(H2));
        registry.push("acme/legacy", Map.of(Fleet.VERSION_LABEL, "1.0.0", Fleet.BASE_LABEL, BASE + "@" + baseDigest),
                bare, "1");
    }

    private void service(String repository, String tag, List<String> runs, List<String> own) throws Exception {
        List<String> layers = new ArrayList<>(baseLayers);
        if (!own.isEmpty()) {
            layers.add(jars(own.toArray(String[]::new)));
        }
        layers.add(registry.layer(Map.of("/app/classes/App.class", repository)));
        layers.add(registry.layer(Map.of(SBOM, sbom(runs.toArray(String[]::new)))));
        registry.push(repository, Map.of(Fleet.VERSION_LABEL, "1.0.0", Fleet.BASE_LABEL, BASE + "@" + baseDigest),
                layers, tag);
    }

    private Suggestions suggest(double minShare) throws Exception {
        return new Fleet(registry, "acme", FleetTest.PATHS, log::add).suggest(Optional.empty(), minShare);
    }

    private static Optional<Suggestions.SharedJar> suggested(Suggestions suggestions, String coordinate) {
        return suggestions.suggested().stream().filter(s -> s.jar().toString().equals(coordinate)).findFirst();
    }

    @Test
    void aJarThatEnoughServicesRunAndTheBaseLacksIsSuggestedWithItsBytes() throws Exception {
        Suggestions suggestions = suggest(0.5);
        Suggestions.SharedJar h2 = suggested(suggestions, H2).orElseThrow(() -> new AssertionError(suggestions.text()));
        long size = content(H2).length();
        assertEquals(Suggestions.NO_TILE, h2.tile());
        assertEquals(List.of("acme/alpha", "acme/beta", "acme/gamma"), h2.services());
        assertEquals(4, h2.fleet());
        assertEquals(0.75, h2.share());
        assertEquals(Optional.of(size), h2.size());
        assertEquals(3, h2.copies());
        assertEquals(Optional.of(3 * size), h2.ownBytes());
        assertEquals(Optional.of(2 * size), h2.savedBytes());
        assertEquals(Optional.empty(), h2.baseVersion());
    }

    @Test
    void aJarOfAnArtifactAFeatureTileBringsIsGroupedUnderThatTile() throws Exception {
        Suggestions.SharedJar dataJdbc = suggested(suggest(0.5), DATA_JDBC_NEWER).orElseThrow();
        assertEquals("data-jdbc", dataJdbc.tile());
        assertEquals(Optional.of("4.1.0"), dataJdbc.baseVersion());
        assertEquals(0.5, dataJdbc.share());
        // Grouped: the feature tiles first, in the base's layer order, then the jars of no tile.
        assertEquals(List.of(DATA_JDBC_NEWER, H2), suggest(0.5).suggested().stream().map(s -> s.jar().toString()).toList());
    }

    @Test
    void aJarUnderTheShareIsNotSuggestedAndTheShareMovesTheLine() throws Exception {
        Suggestions suggestions = suggest(0.5);
        // commons-lang3: gamma only; alpha's older image ran it too, but a service counts by its newest image.
        assertEquals(Optional.empty(), suggested(suggestions, LANG3));
        assertEquals(Optional.empty(), suggested(suggest(0.76), H2));
        assertTrue(suggested(suggest(0.25), LANG3).isPresent());
    }

    @Test
    void aJarTheBaseHoldsIsNotSuggested() throws Exception {
        Suggestions suggestions = suggest(0.25);
        for (String held : List.of(CORE, YAML, DATA_JDBC, HIKARI)) {
            assertEquals(Optional.empty(), suggested(suggestions, held), held);
        }
    }

    @Test
    void theBaseJarsNoServiceRunsAreListedWithTheirTile() throws Exception {
        List<Suggestions.UnusedJar> unused = suggest(0.5).unused();
        assertEquals(1, unused.size(), unused.toString());
        assertEquals("micrometer", unused.get(0).tile());
        assertEquals(Optional.of(path(MICROMETER)), unused.get(0).path());
        assertEquals(MICROMETER, unused.get(0).name());
    }

    @Test
    void servicesCountByTheirNewestImageAndWithoutSbomNotAtAll() throws Exception {
        Suggestions suggestions = suggest(0.5);
        assertEquals(List.of("acme/alpha", "acme/beta", "acme/delta", "acme/gamma"), suggestions.services());
        assertEquals(List.of("acme/legacy"), suggestions.withoutSbom());
        assertTrue(log.stream().anyMatch(line -> line.contains("acme/legacy:1 carries no SBOM: not counted")), log.toString());
        assertEquals("1.0.0", suggestions.baseVersion());
        assertTrue(suggestions.grouped());
    }

    @Test
    void textJsonAndHtmlSayTheSame() throws Exception {
        Suggestions suggestions = suggest(0.5);
        List<String> lines = suggestions.text().lines().toList();
        assertTrue(lines.get(0).contains("at least 50% of 4 services"), lines.get(0));
        assertTrue(lines.get(1).startsWith("tile"), lines.get(1));
        long size = content(H2).length();
        assertEquals(List.of("no", "tile", H2, "3/4", "75%", "-", String.valueOf(size), "3", String.valueOf(3 * size),
                String.valueOf(2 * size)), List.of(lines.get(3).trim().split("\\s+")));
        assertTrue(lines.contains("# jars of the base 1.0.0 that no service runs"), lines.toString());

        JsonNode json = new ObjectMapper().readTree(suggestions.json());
        assertEquals(0.5, json.get("minShare").asDouble());
        assertEquals("1.0.0", json.get("newestBase").asText());
        JsonNode h2 = json.get("suggested").get(1);
        assertEquals(H2, h2.get("jar").asText());
        assertEquals("no tile", h2.get("tile").asText());
        assertEquals(2 * size, h2.get("savedBytes").asLong());
        assertEquals(3 * size, h2.get("ownBytes").asLong());
        assertEquals(sha256(content(H2)), h2.get("sha256").asText());
        assertTrue(h2.get("baseVersion").isNull());
        assertEquals("micrometer", json.get("unusedBaseJars").get(0).get("tile").asText());

        String html = suggestions.html();
        assertTrue(html.contains("<h1>What to share</h1>"), html);
        assertTrue(html.contains("<td>" + H2 + "</td>"), html);
        assertTrue(html.contains("<td>" + path(MICROMETER) + "</td>"), html);
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src="));
        assertFalse(html.contains("href="));
    }

    @Test
    void theNewestImageOfARepositoryHasTheHighestPlatformVersionThenTheHighestTag() {
        List<ImageRow> rows = new ArrayList<>();
        for (String[] image : new String[][] {{"acme/a", "9", "0.9.0"}, {"acme/a", "1", "1.0.0"}, {"acme/a", "0123abcd", "1.0.0"},
                {"acme/a", "2", "1.0.0"}, {"acme/a", "10", "1.0.0-SNAPSHOT"}, {"acme/b", "0123abcd", "1.0.0"}}) {
            rows.add(new ImageRow(image[0], image[1], "sha256:" + image[1], image[2], Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of(), Optional.empty()));
        }
        assertEquals(List.of("acme/a:2", "acme/b:0123abcd"), Fleet.newestPerRepository(rows).stream()
                .map(row -> row.repository() + ":" + row.tag()).toList());
    }

    @Test
    void aRegistryWithoutABaseIsRefusedWithWhatToDo() throws Exception {
        FixtureRegistry empty = new FixtureRegistry();
        empty.push("acme/orders", Map.of(Fleet.VERSION_LABEL, "1.0.0"), List.of(empty.layer(Map.of("/a", "a"))), "1");
        FleetException error = assertThrows(FleetException.class,
                () -> new Fleet(empty, "acme", FleetTest.PATHS, log::add).suggest(Optional.empty(), 0.5));
        assertTrue(error.getMessage().contains("no platform base in fixture:5000: acme/micronaut-base has no tag"),
                error.getMessage());
        assertTrue(error.getMessage().contains("scripts/build-base.sh"), error.getMessage());
    }

    @Test
    void aBaseWithoutAJarListGroupsNothingButStillSuggests() throws Exception {
        FixtureRegistry plain = new FixtureRegistry();
        String baseSbom = plain.layer(Map.of("/opt/mnplatform/sbom/base.cdx.json", sbom(CORE)));
        String base = plain.push("acme/micronaut-base", Map.of(), List.of(baseSbom), "0.1.0");
        String own = plain.layer(Map.of(path(H2), content(H2), SBOM, sbom(CORE, H2)));
        plain.push("acme/orders", Map.of(Fleet.VERSION_LABEL, "0.1.0", Fleet.BASE_LABEL, BASE + "@" + base),
                List.of(baseSbom, own), "1");
        Suggestions suggestions = new Fleet(plain, "acme", FleetTest.PATHS, log::add).suggest(Optional.empty(), 1);
        assertFalse(suggestions.grouped());
        assertEquals(Suggestions.NO_TILE, suggested(suggestions, H2).orElseThrow().tile());
        assertEquals(Optional.of((long) content(H2).length()), suggested(suggestions, H2).orElseThrow().size());
        assertTrue(log.stream().anyMatch(line -> line.contains("has no jar list")), log.toString());
    }
}
