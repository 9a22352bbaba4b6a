package io.github.mnplatform.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mnplatform.core.AotProfile;
import io.github.mnplatform.core.BaseJarList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCKER = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String layer(String type, String digest) {
        return "{'mediaType':'" + type + "','digest':'" + digest + "','size':10}";
    }

    private static RebasedImage.Image base(String layerType, String a, String b, String path, String release) {
        return new RebasedImage.Image(
                json("{'schemaVersion':2,'layers':[" + layer(layerType, a) + "," + layer(layerType, b) + "]}"),
                json("{'created':'1970-01-01T00:00:00Z','architecture':'amd64','os':'linux','config':{"
                        + "'Env':['PATH=" + path + "','JAVA_HOME=/opt/java/openjdk'],'User':'1000:1000','StopSignal':'SIG" + release + "',"
                        + "'Labels':{'org.opencontainers.image.version':'" + release + "',"
                        + "'org.opencontainers.image.base.name':'jre:" + release + "'}},"
                        + "'history':[{'created':'2026-01-01T00:00:00Z','created_by':'jre " + release + "'},"
                        + "{'created':'1970-01-01T00:00:00Z','author':'Jib','created_by':'jib','comment':'base jars'}],"
                        + "'rootfs':{'type':'layers','diff_ids':['d" + a + "','d" + b + "']}}"));
    }

    /** A service Jib built on OLD_BASE: its two layers, its env, labels and entrypoint over the base's. */
    private static RebasedImage.Image service() {
        return new RebasedImage.Image(
                json("{'schemaVersion':2,'mediaType':'" + DOCKER + "','config':{'mediaType':'x','digest':'c','size':1},"
                        + "'layers':[" + layer(DOCKER_LAYER, "a") + "," + layer(DOCKER_LAYER, "b") + ","
                        + layer(DOCKER_LAYER, "own1") + "," + layer(DOCKER_LAYER, "own2") + "]}"),
                json("{'created':'1970-01-01T00:00:00Z','architecture':'amd64','os':'linux','config':{"
                        + "'Env':['PATH=/old','JAVA_HOME=/opt/java/openjdk','MICRONAUT_SERVER_PORT=8080'],"
                        + "'Entrypoint':['java','-cp','@/app/jib-classpath-file','demo.Application'],"
                        + "'ExposedPorts':{'8080/tcp':{}},'User':'1000:1000',"
                        + "'Labels':{'org.opencontainers.image.version':'0.1.0','org.opencontainers.image.base.name':'jre:1',"
                        + "'org.opencontainers.image.title':'demo','io.github.mnplatform.base':'r/acme/micronaut-base:1@sha256:old'}},"
                        + "'history':[{'created':'2026-01-01T00:00:00Z','created_by':'jre 1'},"
                        + "{'created':'1970-01-01T00:00:00Z','author':'Jib','created_by':'jib','comment':'base jars'},"
                        + "{'created':'1970-01-01T00:00:00Z','author':'Jib','created_by':'jib-maven-plugin:3.5.2','comment':'resources'},"
                        + "{'created':'1970-01-01T00:00:00Z','author':'Jib','created_by':'jib-maven-plugin:3.5.2','comment':'classes'}],"
                        + "'rootfs':{'type':'layers','diff_ids':['da','db','down1','down2']}}"));
    }

    @Test
    void theRebasedImageIsTheNewBaseWithTheServicesOwnPartsOnTop() throws RebasedImage.NotOnBase {
        RebasedImage.Image oldBase = base(DOCKER_LAYER, "a", "b", "/old", "1");
        RebasedImage.Image newBase = base(OCI_LAYER, "c", "d", "/new", "2");
        RebasedImage.Image rebased = RebasedImage.rebase(service(), oldBase, newBase, Fleet.BASE_LABEL,
                "r/acme/micronaut-base@sha256:new");

        // The new base's layers, in the service manifest's (Docker) media type, then its own, the same blobs.
        assertEquals(List.of("c", "d", "own1", "own2"), Fleet.layerDigests(new RegistrySource.Manifest("", rebased.manifest())));
        rebased.manifest().path("layers").forEach(l -> assertEquals(DOCKER_LAYER, l.path("mediaType").asText()));
        assertEquals(json("['dc','dd','down1','down2']"), rebased.config().path("rootfs").path("diff_ids"));
        List<String> history = rebased.config().path("history").findValuesAsText("created_by");
        assertEquals(List.of("jre 2", "jib", "jib-maven-plugin:3.5.2", "jib-maven-plugin:3.5.2"), history);
        JsonNode settings = rebased.config().path("config");
        // The base's PATH is the new base's; the service's own variable stays.
        assertEquals(json("['PATH=/new','JAVA_HOME=/opt/java/openjdk','MICRONAUT_SERVER_PORT=8080']"), settings.path("Env"));
        // Labels: the new base's, the service's own over them, and the new base named.
        assertEquals("jre:2", settings.path("Labels").path("org.opencontainers.image.base.name").asText());
        assertEquals("0.1.0", settings.path("Labels").path("org.opencontainers.image.version").asText());
        assertEquals("demo", settings.path("Labels").path("org.opencontainers.image.title").asText());
        assertEquals("r/acme/micronaut-base@sha256:new", settings.path("Labels").path(Fleet.BASE_LABEL).asText());
        assertEquals(service().config().path("config").path("Entrypoint"), settings.path("Entrypoint"));
        assertEquals(json("{'8080/tcp':{}}"), settings.path("ExposedPorts"));
        assertEquals("1970-01-01T00:00:00Z", rebased.config().path("created").asText());
    }

    @Test
    void whatTheJibTileAlwaysSetsStaysTheServicesEvenWhereItEqualsTheOldBase() throws RebasedImage.NotOnBase {
        // A service versioned in step with the platform: its version label equals the old base's.
        RebasedImage.Image inStep = new RebasedImage.Image(service().manifest(), service().config().deepCopy());
        ((com.fasterxml.jackson.databind.node.ObjectNode) inStep.config().path("config").path("Labels"))
                .put("org.opencontainers.image.version", "1");
        RebasedImage.Image rebased = RebasedImage.rebase(inStep, base(DOCKER_LAYER, "a", "b", "/old", "1"),
                base(OCI_LAYER, "c", "d", "/new", "2"), Fleet.BASE_LABEL, "r");
        assertEquals("1", rebased.config().path("config").path("Labels").path("org.opencontainers.image.version").asText());
        assertEquals("1000:1000", rebased.config().path("config").path("User").asText());
        // And nothing of the new base but what Jib takes from a base.
        assertTrue(rebased.config().path("config").path("StopSignal").isMissingNode());
    }

    @Test
    void anImageThatDoesNotStartWithItsBaseIsRefused() {
        RebasedImage.Image otherBase = base(DOCKER_LAYER, "x", "b", "/old", "1");
        RebasedImage.NotOnBase refused = assertThrows(RebasedImage.NotOnBase.class, () -> RebasedImage.rebase(service(),
                otherBase, base(OCI_LAYER, "c", "d", "/new", "2"), Fleet.BASE_LABEL, "r"));
        assertEquals("its diff IDs do not start with its base's", refused.getMessage());
    }

    private static BaseJarList jars(String nettySha, List<AotProfile> profiles) {
        return new BaseJarList("1", "r/acme/micronaut-base:1", "sha256:x",
                Map.of("/app/libs/micronaut-core-4.10.26.jar", "aa", "/app/libs/netty-common-4.2.16.Final.jar", nettySha),
                profiles, Map.of());
    }

    @Test
    void aRebaseIsSafeOnlyWithTheSameJarsCacheProfilesAndJavaRelease() {
        List<AotProfile> base = List.of(new AotProfile(AotProfile.BASE, List.of(), List.of("/app/libs/micronaut-core-4.10.26.jar"),
                Optional.of("/opt/mnplatform/aot/base.aot")));
        assertEquals(List.of(), Rebase.differences(jars("bb", base), "25", jars("bb", base), "25"));
        assertEquals(List.of("Java 25 -> 26"), Rebase.differences(jars("bb", base), "25", jars("bb", base), "26"));
        List<String> jarChanged = Rebase.differences(jars("bb", base), "25", jars("cc", base), "25");
        assertEquals(List.of("1 jar added, removed or changed (netty-common-4.2.16.Final.jar)"), jarChanged);
        assertTrue(Rebase.differences(jars("bb", base), "25", jars("bb", List.of()), "25").contains("other AOT cache profiles"));
    }
}
