package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnplatform.core.BaseJarList;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The small parts: coordinates, SBOM and layer reading, the base's jar list, registry
 * addresses and challenges.
 */
class PartsTest {

    @Test
    void aCoordinateWithoutVersionMatchesEveryVersion() {
        Component netty = new Component("io.micronaut", "micronaut-http-server-netty", "4.10.26");
        assertTrue(Coordinate.parse("io.micronaut:micronaut-http-server-netty").matches(netty));
        assertTrue(Coordinate.parse("io.micronaut:micronaut-http-server-netty:4.10.26").matches(netty));
        assertFalse(Coordinate.parse("io.micronaut:micronaut-http-server-netty:4.10.25").matches(netty));
        assertFalse(Coordinate.parse("io.micronaut:micronaut-http-client").matches(netty));
    }

    @Test
    void sbomComponentsIncludeNestedOnes() throws Exception {
        String json = "{\"components\":[{\"group\":\"g\",\"name\":\"a\",\"version\":\"1\",\"purl\":\"pkg:maven/g/a@1\","
                + "\"components\":[{\"group\":\"g\",\"name\":\"inner\",\"version\":\"2\"}]}]}";
        assertEquals(List.of(new Component("g", "a", "1"), new Component("g", "inner", "2")),
                Sbom.components(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFileIsFoundInAGzippedLayerAndMissingOtherwise() throws Exception {
        FixtureRegistry registry = new FixtureRegistry();
        String layer = registry.layer(Map.of("/app/classes/A.class", "a", "/opt/mnplatform/sbom/service.cdx.json", "{}"));
        assertEquals("{}", new String(Sbom.fileInLayer(registry.blob("r", layer), "/opt/mnplatform/sbom/service.cdx.json")
                .orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), Sbom.fileInLayer(registry.blob("r", layer), "/opt/mnplatform/sbom/base.cdx.json"));
        assertEquals(Optional.empty(), Sbom.fileInLayer(new ByteArrayInputStream(new byte[1024]), "/x"));
    }

    @Test
    void sbomComponentsCarryTheirSha256() throws Exception {
        String json = "{\"components\":[{\"group\":\"g\",\"name\":\"a\",\"version\":\"1\",\"hashes\":["
                + "{\"alg\":\"SHA-1\",\"content\":\"11\"},{\"alg\":\"SHA-256\",\"content\":\"ABCD\"}]}]}";
        assertEquals(List.of(new Component("g", "a", "1", "abcd")), Sbom.components(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(new Component("g", "a", "1", "abcd").sameJar(new Component("g", "a", "1")));
        assertFalse(new Component("g", "a", "1", "abcd").sameJar(new Component("g", "a", "1", "ef01")));
        assertFalse(new Component("g", "a", "1").sameJar(new Component("g", "a", "2")));
    }

    @Test
    void theJarsOfALayerHaveTheirSizeAndSha256() throws Exception {
        FixtureRegistry registry = new FixtureRegistry();
        String layer = registry.layer(Map.of("/app/libs/h2-2.3.232.jar", "h2 bytes", "/app/libs/nested/x.jar", "x",
                "/app/classes/A.class", "a"));
        List<Sbom.LayerJar> jars = Sbom.jarsInLayer(registry.blob("r", layer), "/app/libs/");
        assertEquals(List.of(new Sbom.LayerJar("/app/libs/h2-2.3.232.jar", 8, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("h2 bytes".getBytes(StandardCharsets.UTF_8))))), jars);
        assertEquals("h2-2.3.232.jar", jars.get(0).fileName());
    }

    @Test
    void theBaseJarListNamesTheFeatureOfEachJarAndItsComponentBySha256() throws Exception {
        // As the Jib extension's BaseJarList writes it.
        String list = "# Jars of the platform base image\nplatform.version=1.0.0\nimage=r/acme/micronaut-base:1.0.0\n"
                + "aot.profiles=base\naot.profile.base.classpath=/app/libs/core-1.jar\nfeatures=data-jdbc,micrometer\n"
                + "feature.data-jdbc=/app/libs/data-jdbc-4.1.0.jar:/app/libs/HikariCP-6.0.0.jar\n"
                + "feature.micrometer=/app/libs/micrometer-core-1.14.0.jar\n"
                + "/app/libs/HikariCP-6.0.0.jar=aa\n/app/libs/core-1.jar=bb\n/app/libs/data-jdbc-4.1.0.jar=cc\n"
                + "/app/libs/micrometer-core-1.14.0.jar=dd\n/app/libs/renamed-123.jar=ee\n";
        BaseJarList jars = BaseJarList.parse(list.getBytes(StandardCharsets.UTF_8), "");
        assertEquals(List.of("data-jdbc", "micrometer"), List.copyOf(jars.featureJars().keySet()));
        assertEquals(5, jars.sha256ByPath().size());
        assertEquals("data-jdbc", jars.tileOf("/app/libs/HikariCP-6.0.0.jar"));
        assertEquals("common", jars.tileOf("/app/libs/core-1.jar"));
        // A file name that tells nothing (Jib renames clashing names) still finds its component by SHA-256.
        List<Component> sbom = List.of(new Component("g", "core", "1", "bb"), new Component("g", "other", "2", "ee"));
        assertEquals(Optional.of(sbom.get(1)), Sbom.componentAt(jars, "/app/libs/renamed-123.jar", sbom));
        // Without hashes in the SBOM, by the file name NAME-VERSION.jar.
        assertEquals(Optional.of(new Component("g", "core", "1")),
                Sbom.componentAt(jars, "/app/libs/core-1.jar", List.of(new Component("g", "core", "1"))));
        assertEquals(Optional.empty(), Sbom.componentAt(jars, "/app/libs/renamed-123.jar", List.of(new Component("g", "core", "1"))));
    }

    @Test
    void loopbackRegistriesSpeakPlainHttpOthersHttps() {
        assertTrue(Registry.isLoopback("127.0.0.1:5000"));
        assertTrue(Registry.isLoopback("localhost:5000"));
        assertTrue(Registry.isLoopback("[::1]:5000"));
        assertFalse(Registry.isLoopback("ghcr.io"));
        assertFalse(Registry.isLoopback("127.example.com"));
    }

    @Test
    void aBearerChallengeNamesRealmServiceAndScope() {
        assertEquals(Map.of("realm", "https://ghcr.io/token", "service", "ghcr.io", "scope", "repository:acme/orders:pull"),
                Registry.challengeParameters(
                        "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:acme/orders:pull\""));
    }
}
