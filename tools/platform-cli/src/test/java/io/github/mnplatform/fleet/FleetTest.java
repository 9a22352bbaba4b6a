package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetTest {

    static final PlatformPaths PATHS = new PlatformPaths("acme", "/opt/mnplatform/sbom/base.cdx.json",
            "/opt/mnplatform/sbom/service.cdx.json", "/opt/mnplatform/base-jars.properties");
    private static final String BASE = "fixture:5000/acme/micronaut-base";

    private final FixtureRegistry registry = new FixtureRegistry();
    private final List<String> log = new ArrayList<>();
    private String runtimeLayer;
    private String oldBase;
    private String ordersSbomLayer;
    private String ordersClasses;

    /** A CycloneDX SBOM with one component per group:artifact:version. */
    static String sbom(String... coordinates) {
        StringBuilder json = new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
        for (int i = 0; i < coordinates.length; i++) {
            String[] gav = coordinates[i].split(":");
            json.append(i == 0 ? "" : ",").append("{\"type\":\"library\",\"group\":\"").append(gav[0])
                    .append("\",\"name\":\"").append(gav[1]).append("\",\"version\":\"").append(gav[2])
                    .append("\",\"purl\":\"pkg:maven/").append(gav[0]).append('/').append(gav[1]).append('@')
                    .append(gav[2]).append("?type=jar\"}");
        }
        return json.append("]}").toString();
    }

    @BeforeEach
    void fleet() throws Exception {
        runtimeLayer = registry.layer(Map.of("/opt/java/bin/java", "a Java runtime"));
        String oldJars = registry.layer(Map.of("/app/libs/snakeyaml-2.4.jar", "yaml 2.4"));
        String oldSbom = registry.layer(Map.of("/opt/mnplatform/sbom/base.cdx.json",
                sbom("io.micronaut:micronaut-http-server-netty:4.10.26", "org.yaml:snakeyaml:2.4")));
        oldBase = registry.push("acme/micronaut-base", Map.of("org.opencontainers.image.version", "0.9.0"),
                List.of(runtimeLayer, oldJars, oldSbom), "0.9.0", "sha-1a2b3c4");
        String newSbom = registry.layer(Map.of("/opt/mnplatform/sbom/base.cdx.json",
                sbom("io.micronaut:micronaut-http-server-netty:4.10.27", "org.yaml:snakeyaml:2.5")));
        registry.push("acme/micronaut-base", Map.of(), List.of(runtimeLayer, newSbom), "0.10.0-SNAPSHOT", "0.10.0");

        ordersClasses = registry.layer(Map.of("/app/classes/Orders.class", "orders"));
        ordersSbomLayer = registry.layer(Map.of("/opt/mnplatform/sbom/service.cdx.json",
                sbom("io.micronaut:micronaut-http-server-netty:4.10.26", "org.yaml:snakeyaml:2.3",
                        "org.apache.commons:commons-lang3:3.17.0")));
        registry.push("acme/orders", Map.of(Fleet.VERSION_LABEL, "0.9.0", Fleet.BASE_LABEL, BASE + "@" + oldBase,
                Fleet.AOT_LABEL, "off"), List.of(runtimeLayer, oldJars, oldSbom, ordersClasses, ordersSbomLayer), "1.0");
        // Not a service of the platform: no version label.
        registry.push("acme/tools", Map.of(), List.of(runtimeLayer), "latest");
        // Another organisation's service is not read.
        registry.push("other/orders", Map.of(Fleet.VERSION_LABEL, "0.9.0"), List.of(runtimeLayer), "1.0");
    }

    private Report read() throws Exception {
        return new Fleet(registry, "acme", PATHS, log::add).read(Optional.empty());
    }

    @Test
    void aServiceImageIsOneRowWithItsPlatformBaseAndAot() throws Exception {
        Report report = read();
        assertEquals(1, report.images().size(), report.images().toString());
        ImageRow orders = report.images().get(0);
        assertEquals("acme/orders", orders.repository());
        assertEquals("1.0", orders.tag());
        assertTrue(orders.digest().startsWith("sha256:"));
        assertEquals("0.9.0", orders.platformVersion());
        assertEquals(Optional.of(oldBase), orders.baseDigest());
        assertEquals(Optional.of("off"), orders.aot());
        assertEquals(Optional.of("0.10.0"), report.newestBase());
    }

    @Test
    void behindCountsThePlatformVersionsOfNewerBasesNotOtherTags() throws Exception {
        // 0.10.0-SNAPSHOT and 0.10.0 are newer than 0.9.0; sha-1a2b3c4 is no version.
        assertEquals(Optional.of(2), read().images().get(0).behind());
    }

    @Test
    void ownBytesAreTheLayersTheBaseDoesNotHave() throws Exception {
        assertEquals(Optional.of(registry.size(ordersClasses) + registry.size(ordersSbomLayer)),
                read().images().get(0).ownBytes());
    }

    @Test
    void overridesCompareTheImageSbomWithItsBaseSbom() throws Exception {
        assertEquals(List.of(new ImageRow.OverriddenJar("org.yaml:snakeyaml", "2.4", "2.3")),
                read().images().get(0).overrides());
    }

    @Test
    void theServiceSbomIsReadFromItsOwnLayersOnly() throws Exception {
        read();
        assertFalse(registry.blobsRead.contains(runtimeLayer), registry.blobsRead.toString());
    }

    @Test
    void withNamesTheImagesRunningAnArtifactInAnyOrTheNamedVersion() throws Exception {
        List<ImageRow> rows = read().images();
        assertEquals(1, Fleet.running(rows, Coordinate.parse("io.micronaut:micronaut-http-server-netty")).size());
        assertEquals(1, Fleet.running(rows, Coordinate.parse("org.yaml:snakeyaml:2.3")).size());
        assertEquals(0, Fleet.running(rows, Coordinate.parse("org.yaml:snakeyaml:2.4")).size());
        assertEquals(0, Fleet.running(rows, Coordinate.parse("org.example:nobody-uses-this")).size());
    }

    @Test
    void aGivenRepositoryListReplacesTheCatalog() throws Exception {
        Report report = new Fleet(registry, "acme", PATHS, log::add).read(Optional.of(List.of("acme/tools")));
        assertEquals(List.of(), report.images());
        assertTrue(log.get(0).contains("from the list given"), log.toString());
    }

    @Test
    void anImageWhoseBaseIsNotInTheRegistryHasNoOwnBytesAndSaysWhy() throws Exception {
        String gone = "sha256:" + "0".repeat(64);
        registry.push("acme/billing", Map.of(Fleet.VERSION_LABEL, "0.10.0", Fleet.BASE_LABEL, BASE + "@" + gone),
                List.of(runtimeLayer, ordersClasses), "2");
        ImageRow billing = read().images().get(0);
        assertEquals("acme/billing", billing.repository());
        assertEquals(Optional.empty(), billing.ownBytes());
        assertEquals(Optional.of(0), billing.behind());
        assertEquals(Optional.empty(), billing.components());
        assertTrue(log.stream().anyMatch(line -> line.contains("is not in fixture:5000")), log.toString());
    }
}
