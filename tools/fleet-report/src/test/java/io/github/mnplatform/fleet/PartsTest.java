package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The small parts: versions, coordinates, SBOM and layer reading, registry addresses and challenges. */
class PartsTest {

    @Test
    void platformVersionsSortAsMavenDoes() {
        List<String> sorted = Stream.of("0.10.0", "0.2.0", "0.10.0-SNAPSHOT", "1.0", "0.9.1")
                .sorted(PlatformVersion.ORDER).toList();
        assertEquals(List.of("0.2.0", "0.9.1", "0.10.0-SNAPSHOT", "0.10.0", "1.0"), sorted);
        assertTrue(PlatformVersion.isVersion("0.1.0-SNAPSHOT"));
        assertFalse(PlatformVersion.isVersion("sha-1a2b3c4"));
        assertFalse(PlatformVersion.isVersion("latest"));
    }

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
