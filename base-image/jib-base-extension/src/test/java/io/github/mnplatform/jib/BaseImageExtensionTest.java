package io.github.mnplatform.jib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.maven.extension.MavenData;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;
import io.github.mnplatform.core.AotProfile;
import io.github.mnplatform.core.BaseJarList;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseImageExtensionTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String BASE = "127.0.0.1:5000/acme/micronaut-base";
    private static final MavenData NO_MAVEN = new MavenData() {
        @Override
        public MavenProject getMavenProject() {
            return null;
        }

        @Override
        public MavenSession getMavenSession() {
            return null;
        }
    };

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final ExtensionLogger logger = (level, message) -> log.add(message);

    private Path netty;
    private Path yaml;
    private Path ownYaml;
    private Path jwt;
    private Path classes;
    private Path classpathFile;

    @BeforeEach
    void jars() throws IOException {
        netty = write("m2/netty-codec-4.2.jar", "netty");
        yaml = write("m2/snakeyaml-2.4.jar", "yaml 2.4");
        ownYaml = write("m2/snakeyaml-2.3.jar", "yaml 2.3");
        jwt = write("m2/jjwt-0.12.jar", "jwt");
        classes = write("classes/App.class", "class");
        classpathFile = write("jib/jib-classpath-file", "/app/resources:/app/classes:/app/libs/netty-codec-4.2.jar");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static FileEntriesLayer layer(String name, Object... sourceAndPath) {
        FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(name);
        for (int i = 0; i < sourceAndPath.length; i += 2) {
            builder.addEntry(new FileEntry((Path) sourceAndPath[i], AbsoluteUnixPath.get((String) sourceAndPath[i + 1]),
                    FileEntriesLayer.DEFAULT_FILE_PERMISSIONS_PROVIDER.get((Path) sourceAndPath[i], null),
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME_PROVIDER.get((Path) sourceAndPath[i], null)));
        }
        return builder.build();
    }

    private ContainerBuildPlan servicePlan(String baseImage, Path yamlJar) {
        return ContainerBuildPlan.builder()
                .setBaseImage(baseImage)
                .setEntrypoint(List.of("java", "-cp", "@/app/jib-classpath-file", "App"))
                .addLayer(layer("dependencies", netty, "/app/libs/netty-codec-4.2.jar",
                        yamlJar, "/app/libs/" + yamlJar.getFileName(), jwt, "/app/libs/jjwt-0.12.jar"))
                .addLayer(layer("classes", classes, "/app/classes/App.class"))
                .addLayer(layer("jvm arg files", classpathFile, "/app/jib-classpath-file"))
                .build();
    }

    /** A class loader holding the list artifact, as the Jib tile puts it beside the extension. */
    private ClassLoader listArtifact(String version, Map<String, String> jars) throws IOException {
        return listArtifact(version, jars, List.of(), Map.of());
    }

    private ClassLoader listArtifact(String version, Map<String, String> jars, List<AotProfile> profiles,
            Map<String, List<String>> featureJars) throws IOException {
        Path root = dir.resolve("list-artifact");
        BaseJarList.write(root.resolve(BaseJarList.LIST_RESOURCE), version, BASE + ":" + version, jars,
                profiles, featureJars);
        write("list-artifact/" + BaseJarList.DIGEST_RESOURCE, DIGEST + "\n");
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private ClassLoader baseWithNettyAndYaml() throws IOException {
        return listArtifact("1.0", Map.of(
                "/app/libs/netty-codec-4.2.jar", BaseJarList.sha256(netty),
                "/app/libs/snakeyaml-2.4.jar", BaseJarList.sha256(yaml)));
    }

    private static List<String> paths(ContainerBuildPlan plan) {
        return plan.getLayers().stream()
                .flatMap(layer -> ((FileEntriesLayer) layer).getEntries().stream())
                .map(entry -> entry.getExtractionPath().toString())
                .collect(Collectors.toList());
    }

    private ContainerBuildPlan filter(ClassLoader list, ContainerBuildPlan plan) throws JibPluginExtensionException {
        return filter(list, plan, "auto");
    }

    private ContainerBuildPlan filter(ClassLoader list, ContainerBuildPlan plan, String aot)
            throws JibPluginExtensionException {
        return new BaseImageExtension(list).extendContainerBuildPlan(
                plan, Map.of("platformVersion", "1.0", "aot", aot), Optional.empty(), NO_MAVEN, logger);
    }

    private static AotProfile trained(String name, List<String> features, String... classpath) {
        return new AotProfile(name, features, List.of(classpath), Optional.of(AotProfile.cachePath(name)));
    }

    /** A base with netty and snakeyaml 2.4 whose AOT cache was trained on snakeyaml, then netty. */
    private ClassLoader trainedBase() throws IOException {
        return listArtifact("1.0", Map.of(
                "/app/libs/netty-codec-4.2.jar", BaseJarList.sha256(netty),
                "/app/libs/snakeyaml-2.4.jar", BaseJarList.sha256(yaml)),
                List.of(trained("base", List.of(), "/app/libs/snakeyaml-2.4.jar", "/app/libs/netty-codec-4.2.jar")),
                Map.of());
    }

    /**
     * The same base with jjwt as the jar of the feature security-jwt, and a second cache, full,
     * trained on the common set and jjwt.
     */
    private ClassLoader baseWithProfiles() throws IOException {
        return listArtifact("1.0", Map.of(
                "/app/libs/netty-codec-4.2.jar", BaseJarList.sha256(netty),
                "/app/libs/snakeyaml-2.4.jar", BaseJarList.sha256(yaml),
                "/app/libs/jjwt-0.12.jar", BaseJarList.sha256(jwt)),
                List.of(trained("base", List.of(), "/app/libs/snakeyaml-2.4.jar", "/app/libs/netty-codec-4.2.jar"),
                        trained("full", List.of("security-jwt"), "/app/libs/snakeyaml-2.4.jar",
                                "/app/libs/netty-codec-4.2.jar", "/app/libs/jjwt-0.12.jar")),
                Map.of("security-jwt", List.of("/app/libs/jjwt-0.12.jar")));
    }

    /** A service plan whose class path file lists what Jib would: resources, classes, jars in Maven's order. */
    private ContainerBuildPlan servicePlanWithClasspath(Path yamlJar) throws IOException {
        Files.writeString(classpathFile, "/app/resources:/app/classes:/app/libs/netty-codec-4.2.jar:/app/libs/"
                + yamlJar.getFileName() + ":/app/libs/jjwt-0.12.jar");
        return servicePlan(BASE + ":1.0", yamlJar);
    }

    private static String classpathInImage(ContainerBuildPlan plan) throws IOException {
        for (var layer : plan.getLayers()) {
            for (FileEntry entry : ((FileEntriesLayer) layer).getEntries()) {
                if (entry.getExtractionPath().toString().equals("/app/jib-classpath-file")) {
                    return Files.readString(entry.getSourceFile());
                }
            }
        }
        throw new AssertionError("no class path file in the plan");
    }

    @Test
    void aServiceRunningEveryTrainedJarStartsFromTheBaseCacheWithThoseJarsFirst() throws Exception {
        ContainerBuildPlan result = filter(trainedBase(), servicePlanWithClasspath(yaml));
        assertEquals("/app/libs/snakeyaml-2.4.jar:/app/libs/netty-codec-4.2.jar:/app/resources:/app/classes"
                + ":/app/libs/jjwt-0.12.jar", classpathInImage(result));
        assertEquals(List.of("java", "-XX:AOTCache=/opt/mnplatform/aot/base.aot", "--add-modules=java.instrument",
                "-cp", "@/app/jib-classpath-file", "App"), result.getEntrypoint());
        assertEquals("base", result.getLabels().get("io.github.mnplatform.aot"));
    }

    @Test
    void theRewrittenClassPathFileIsWrittenAgainOnlyWhenItChanges() throws Exception {
        ContainerBuildPlan first = filter(trainedBase(), servicePlanWithClasspath(yaml));
        Path rewritten = classpathFile.resolveSibling("jib-classpath-file-aot");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(rewritten, old);
        filter(trainedBase(), servicePlanWithClasspath(yaml));
        assertEquals(old, Files.getLastModifiedTime(rewritten), "the same class path: the file untouched");
        Files.writeString(rewritten, "stale");
        filter(trainedBase(), servicePlanWithClasspath(yaml));
        assertEquals(classpathInImage(first), Files.readString(rewritten));
    }

    @Test
    void anOverriddenTrainedJarTurnsTheCacheOffAndSaysWhich() throws Exception {
        ContainerBuildPlan plan = servicePlanWithClasspath(ownYaml);
        String before = Files.readString(classpathFile);
        ContainerBuildPlan result = filter(trainedBase(), plan);
        assertEquals("off", result.getLabels().get("io.github.mnplatform.aot"));
        assertEquals(plan.getEntrypoint(), result.getEntrypoint());
        assertEquals(before, classpathInImage(result));
        assertTrue(log.stream().anyMatch(line -> line.contains("off: cache base: the service does not run 1 of its jars") && line.contains("snakeyaml-2.4.jar")), log.toString());
    }

    @Test
    void aTrainedJarWithOtherBytesUnderItsNameTurnsTheCacheOff() throws Exception {
        ClassLoader list = listArtifact("1.0", Map.of(
                "/app/libs/netty-codec-4.2.jar", "00".repeat(32),
                "/app/libs/snakeyaml-2.4.jar", BaseJarList.sha256(yaml)),
                List.of(trained("base", List.of(), "/app/libs/snakeyaml-2.4.jar", "/app/libs/netty-codec-4.2.jar")),
                Map.of());
        ContainerBuildPlan result = filter(list, servicePlanWithClasspath(yaml));
        assertEquals("off", result.getLabels().get("io.github.mnplatform.aot"));
        assertTrue(log.stream().anyMatch(line -> line.contains("other bytes than the base under the same name: "
                + "netty-codec-4.2.jar")), log.toString());
    }

    @Test
    void aBaseWithoutCacheOrPlatformAotOffLeaveTheImageAsJibMadeIt() throws Exception {
        ContainerBuildPlan plan = servicePlanWithClasspath(yaml);
        ContainerBuildPlan untrained = filter(baseWithNettyAndYaml(), plan);
        assertEquals("off", untrained.getLabels().get("io.github.mnplatform.aot"));
        assertTrue(log.stream().anyMatch(line -> line.contains("has no AOT cache")), log.toString());
        ContainerBuildPlan switchedOff = filter(trainedBase(), plan, "off");
        assertEquals("off", switchedOff.getLabels().get("io.github.mnplatform.aot"));
        assertEquals(plan.getEntrypoint(), switchedOff.getEntrypoint());
        assertTrue(log.stream().anyMatch(line -> line.contains("platform.aot=off")), log.toString());
    }

    @Test
    void aCustomEntrypointTurnsTheCacheOff() throws Exception {
        ContainerBuildPlan plan = servicePlanWithClasspath(yaml).toBuilder()
                .setEntrypoint(List.of("/app/start.sh")).build();
        ContainerBuildPlan result = filter(trainedBase(), plan);
        assertEquals("off", result.getLabels().get("io.github.mnplatform.aot"));
        assertEquals(List.of("/app/start.sh"), result.getEntrypoint());
    }

    @Test
    void anEmptyPlatformAotIsAutoAndJvmFlagsOnAnInheritedEntrypointAreRefused() throws Exception {
        // Maven gives an empty <platform.aot/> to the extension as null.
        Map<String, String> properties = new HashMap<>(Map.of("platformVersion", "1.0"));
        properties.put("aot", null);
        ContainerBuildPlan result = new BaseImageExtension(trainedBase()).extendContainerBuildPlan(
                servicePlanWithClasspath(yaml), properties, Optional.empty(), NO_MAVEN, logger);
        assertEquals("base", result.getLabels().get("io.github.mnplatform.aot"));

        properties.put("jvmFlags", "-Xss512k");
        ContainerBuildPlan inherits = servicePlanWithClasspath(yaml).toBuilder().setEntrypoint(null).build();
        ClassLoader list = trainedBase();
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> new BaseImageExtension(list).extendContainerBuildPlan(inherits, properties, Optional.empty(), NO_MAVEN,
                        logger));
        assertTrue(error.getMessage().contains("but the entrypoint is the base image's (INHERIT)"), error.getMessage());
    }

    @Test
    void anUnknownPlatformAotIsRefusedNamingTheValues() throws Exception {
        ClassLoader list = trainedBase();
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> filter(list, servicePlanWithClasspath(yaml), "always"));
        assertTrue(error.getMessage().contains("platform.aot='always': use one of [auto, off, base]"), error.getMessage());
        JibPluginExtensionException unknownProfile = assertThrows(JibPluginExtensionException.class,
                () -> filter(baseWithProfiles(), servicePlanWithClasspath(yaml), "data"));
        assertTrue(unknownProfile.getMessage().contains("platform.aot='data': use one of [auto, off, base, full]"),
                unknownProfile.getMessage());
        // A base without caches offers no profile to name.
        JibPluginExtensionException untrained = assertThrows(JibPluginExtensionException.class,
                () -> filter(baseWithNettyAndYaml(), servicePlanWithClasspath(yaml), "base"));
        assertTrue(untrained.getMessage().contains("platform.aot='base': use one of [auto, off] "), untrained.getMessage());
    }

    @Test
    void aServiceRunningAFeaturesJarsStartsFromTheLongestCacheItRunsExactly() throws Exception {
        ContainerBuildPlan result = filter(baseWithProfiles(), servicePlanWithClasspath(yaml));
        assertEquals("full", result.getLabels().get("io.github.mnplatform.aot"));
        assertEquals("/app/libs/snakeyaml-2.4.jar:/app/libs/netty-codec-4.2.jar:/app/libs/jjwt-0.12.jar"
                + ":/app/resources:/app/classes", classpathInImage(result));
        assertEquals(List.of("java", "-XX:AOTCache=/opt/mnplatform/aot/full.aot", "--add-modules=java.instrument",
                "-cp", "@/app/jib-classpath-file", "App"), result.getEntrypoint());
        assertTrue(log.stream().anyMatch(line -> line.contains("platform AOT cache: full: starts from")
                && line.contains("the common set and [security-jwt]")), log.toString());
    }

    @Test
    void aServiceWithoutTheFeatureOrAskingForBaseStartsFromTheBaseCacheAndSaysWhyNotTheLonger() throws Exception {
        ContainerBuildPlan withoutJwt = servicePlanWithClasspath(yaml);
        Files.writeString(classpathFile, "/app/resources:/app/classes:/app/libs/netty-codec-4.2.jar:/app/libs/snakeyaml-2.4.jar");
        ContainerBuildPlan result = filter(baseWithProfiles(), withoutJwt);
        assertEquals("base", result.getLabels().get("io.github.mnplatform.aot"));
        assertTrue(log.stream().anyMatch(line -> line.contains("platform AOT cache: base: starts from")
                && line.contains("; not full: the service does not run 1 of its jars")
                && line.contains("jjwt-0.12.jar")), log.toString());

        ContainerBuildPlan asked = filter(baseWithProfiles(), servicePlanWithClasspath(yaml), "base");
        assertEquals("base", asked.getLabels().get("io.github.mnplatform.aot"));
        assertEquals(List.of("java", "-XX:AOTCache=/opt/mnplatform/aot/base.aot", "--add-modules=java.instrument",
                "-cp", "@/app/jib-classpath-file", "App"), asked.getEntrypoint());
    }

    @Test
    void aServiceOverridingAFeaturesJarFallsBackToTheBaseCache() throws Exception {
        Path ownJwt = write("m2/own/jjwt-0.12.jar", "patched jwt");
        ContainerBuildPlan plan = servicePlanWithClasspath(yaml);
        ContainerBuildPlan patched = plan.toBuilder().setLayers(List.of(
                layer("dependencies", netty, "/app/libs/netty-codec-4.2.jar", yaml, "/app/libs/snakeyaml-2.4.jar",
                        ownJwt, "/app/libs/jjwt-0.12.jar"),
                layer("jvm arg files", classpathFile, "/app/jib-classpath-file"))).build();
        ContainerBuildPlan result = filter(baseWithProfiles(), patched);
        assertEquals("base", result.getLabels().get("io.github.mnplatform.aot"));
        assertTrue(paths(result).contains("/app/libs/jjwt-0.12.jar"), paths(result).toString());
        assertTrue(log.stream().anyMatch(line -> line.contains("; not full: the service has other bytes than the base"
                + " under the same name: jjwt-0.12.jar")), log.toString());
    }

    @Test
    void jarsTheBaseHoldsIdenticallyAreLeftOutAndTheRestStays() throws Exception {
        ContainerBuildPlan result = filter(baseWithNettyAndYaml(), servicePlan(BASE + ":1.0", yaml));
        assertEquals(List.of("/app/libs/jjwt-0.12.jar", "/app/classes/App.class", "/app/jib-classpath-file"), paths(result));
    }

    @Test
    void theClasspathFileAndEntrypointAreUntouched() throws Exception {
        ContainerBuildPlan plan = servicePlan(BASE + ":1.0", yaml);
        ContainerBuildPlan result = filter(baseWithNettyAndYaml(), plan);
        assertEquals(plan.getEntrypoint(), result.getEntrypoint());
        FileEntriesLayer jvmArgFiles = (FileEntriesLayer) result.getLayers().get(result.getLayers().size() - 1);
        assertEquals(classpathFile, jvmArgFiles.getEntries().get(0).getSourceFile());
    }

    @Test
    void anOverriddenVersionShipsInTheServiceLayer() throws Exception {
        ContainerBuildPlan result = filter(baseWithNettyAndYaml(), servicePlan(BASE + ":1.0", ownYaml));
        assertTrue(paths(result).contains("/app/libs/snakeyaml-2.3.jar"), paths(result).toString());
        assertTrue(!paths(result).contains("/app/libs/netty-codec-4.2.jar"));
    }

    @Test
    void aDifferentFileAtTheSamePathIsKept() throws Exception {
        ClassLoader list = listArtifact("1.0", Map.of("/app/libs/netty-codec-4.2.jar", "00".repeat(32)));
        ContainerBuildPlan result = filter(list, servicePlan(BASE + ":1.0", yaml));
        assertTrue(paths(result).contains("/app/libs/netty-codec-4.2.jar"));
        assertTrue(log.stream().anyMatch(line -> line.contains("the base holds another file at this path")), log.toString());
    }

    @Test
    void theBaseIsPinnedToTheDigestOfTheList() throws Exception {
        ContainerBuildPlan result = filter(baseWithNettyAndYaml(), servicePlan(BASE + ":1.0", yaml));
        assertEquals(BASE + "@" + DIGEST, result.getBaseImage());
    }

    @Test
    void aBaseOfAnotherVersionIsDrift() throws Exception {
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> filter(baseWithNettyAndYaml(), servicePlan(BASE + ":0.9", yaml)));
        assertTrue(error.getMessage().contains("base image drift"), error.getMessage());
        assertTrue(error.getMessage().contains("netty-codec-4.2.jar, snakeyaml-2.4.jar"), error.getMessage());
        assertTrue(error.getMessage().contains("scripts/pull-base.sh 1.0"), error.getMessage());
    }

    @Test
    void aBaseWithAnotherDigestIsDrift() throws Exception {
        String other = BASE + "@sha256:" + "cd".repeat(32);
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> filter(baseWithNettyAndYaml(), servicePlan(other, yaml)));
        assertTrue(error.getMessage().contains("FROM " + other), error.getMessage());
    }

    @Test
    void theImageIsLabelledWithItsBaseByDigest() throws Exception {
        ContainerBuildPlan result = filter(trainedBase(), servicePlanWithClasspath(yaml));
        assertEquals(BASE + "@" + DIGEST, result.getLabels().get("io.github.mnplatform.base"));
    }

    @Test
    void theBaseNamedByItsDigestIsAccepted() throws Exception {
        ContainerBuildPlan result = filter(baseWithNettyAndYaml(), servicePlan(BASE + "@" + DIGEST, yaml));
        assertEquals(BASE + "@" + DIGEST, result.getBaseImage());
    }

    @Test
    void aListOfAnotherPlatformVersionIsRefused() throws Exception {
        ClassLoader list = listArtifact("0.9", Map.of());
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> filter(list, servicePlan(BASE + ":0.9", yaml)));
        assertTrue(error.getMessage().contains("is for platform 0.9 but this service is on platform 1.0"), error.getMessage());
    }

    @Test
    void withoutTheListArtifactTheBuildSaysWhatToInstall() {
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> filter(empty, servicePlan(BASE + ":1.0", yaml)));
        assertTrue(error.getMessage().contains("no base jar list"), error.getMessage());
        assertTrue(error.getMessage().contains("io.github.mnplatform:micronaut-base"), error.getMessage());
    }

    /** Runs the extension as the base image build does; the list goes to out/. */
    private ContainerBuildPlan record(ContainerBuildPlan basePlan) throws JibPluginExtensionException {
        return record(basePlan, null);
    }

    private ContainerBuildPlan record(ContainerBuildPlan basePlan, Path featuresFile) throws JibPluginExtensionException {
        return record(basePlan, featuresFile, null);
    }

    private ContainerBuildPlan record(ContainerBuildPlan basePlan, Path featuresFile, String aotProfiles)
            throws JibPluginExtensionException {
        BaseImageExtension.Config config = new BaseImageExtension.Config();
        config.setMode("record");
        config.setAotProfiles(aotProfiles);
        config.setListFile(dir.resolve("out/" + BaseJarList.LIST_RESOURCE).toString());
        if (featuresFile != null) {
            config.setFeaturesFile(featuresFile.toString());
        }
        return new BaseImageExtension().extendContainerBuildPlan(basePlan,
                Map.of("platformVersion", "1.0", "baseImage", BASE + ":1.0"), Optional.of(config), NO_MAVEN, logger);
    }

    @Test
    void recordModeWritesEveryJarWithItsSha256Sorted() throws Exception {
        Path listFile = dir.resolve("out/" + BaseJarList.LIST_RESOURCE);
        ContainerBuildPlan basePlan = servicePlan("eclipse-temurin:25-jre", yaml);

        ContainerBuildPlan result = record(basePlan);

        assertEquals(basePlan.getLayers().size() + 1, result.getLayers().size());
        FileEntriesLayer listLayer = (FileEntriesLayer) result.getLayers().get(result.getLayers().size() - 1);
        assertEquals(BaseImageExtension.LIST_IN_IMAGE, listLayer.getEntries().get(0).getExtractionPath().toString());
        List<String> lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        assertEquals(List.of(
                "# Jars of the platform base image: path in the image = SHA-256; the common set is every jar",
                "# that no feature.NAME names.",
                "platform.version=1.0",
                "image=" + BASE + ":1.0",
                "aot.profiles=base",
                "aot.profile.base.features=",
                "aot.profile.base.classpath=/app/libs/netty-codec-4.2.jar:/app/libs/snakeyaml-2.4.jar:/app/libs/jjwt-0.12.jar",
                "features=",
                "/app/libs/jjwt-0.12.jar=" + BaseJarList.sha256(jwt),
                "/app/libs/netty-codec-4.2.jar=" + BaseJarList.sha256(netty),
                "/app/libs/snakeyaml-2.4.jar=" + BaseJarList.sha256(yaml)), lines);
    }

    @Test
    void recordModeNamesTheCacheWhenTheImageHasOne() throws Exception {
        Path cache = write("aot/base.aot", "cache");
        record(servicePlan("eclipse-temurin:25-jre", yaml).toBuilder()
                .addLayer(layer("extra files", cache, "/opt/mnplatform/aot/base.aot")).build());

        BaseJarList list = readRecordedList();
        assertEquals(List.of(new AotProfile("base", List.of(), List.of("/app/libs/netty-codec-4.2.jar",
                "/app/libs/snakeyaml-2.4.jar", "/app/libs/jjwt-0.12.jar"), Optional.of("/opt/mnplatform/aot/base.aot"))),
                list.aotProfiles());
    }

    private Path jwtAndMicrometerFeatures() throws IOException {
        Properties features = new Properties();
        features.setProperty("features", "security-jwt,micrometer");
        features.setProperty(jwt.toAbsolutePath().toString(), "security-jwt");
        Path featuresFile = dir.resolve("base-features.properties");
        try (var out = Files.newOutputStream(featuresFile)) {
            features.store(out, null);
        }
        return featuresFile;
    }

    @Test
    void recordModePutsFeatureJarsInALayerPerFeatureAfterTheCommonOnesAndTrainsOnTheCommonSet() throws Exception {
        ContainerBuildPlan result = record(servicePlan("eclipse-temurin:25-jre", yaml), jwtAndMicrometerFeatures());

        List<String> layerNames = result.getLayers().stream().map(LayerObject::getName).toList();
        assertEquals(List.of("dependencies", "platform feature security-jwt", "classes", "jvm arg files",
                "platform base jar list"), layerNames);
        assertEquals(List.of("/app/libs/netty-codec-4.2.jar", "/app/libs/" + yaml.getFileName()),
                ((FileEntriesLayer) result.getLayers().get(0)).getEntries().stream()
                        .map(entry -> entry.getExtractionPath().toString()).toList());
        BaseJarList list = readRecordedList();
        assertEquals(List.of("/app/libs/netty-codec-4.2.jar", "/app/libs/snakeyaml-2.4.jar"),
                list.aotProfiles().get(0).classpath());
        assertEquals(Map.of("security-jwt", List.of("/app/libs/jjwt-0.12.jar"), "micrometer", List.of()), list.featureJars());
        assertEquals(List.of("security-jwt", "micrometer"), List.copyOf(list.featureJars().keySet()));
        assertEquals(Optional.of(BaseJarList.sha256(jwt)), list.sha256At("/app/libs/jjwt-0.12.jar"));
    }

    @Test
    void recordModeWritesAProfilePerDefinitionWithItsFeaturesJarsAfterTheCommonOnes() throws Exception {
        Path fullCache = write("aot/full.aot", "cache");
        record(servicePlan("eclipse-temurin:25-jre", yaml).toBuilder()
                .addLayer(layer("extra files", fullCache, "/opt/mnplatform/aot/full.aot")).build(),
                jwtAndMicrometerFeatures(), "metrics=micrometer full=micrometer,security-jwt");

        BaseJarList list = readRecordedList();
        List<String> common = List.of("/app/libs/netty-codec-4.2.jar", "/app/libs/snakeyaml-2.4.jar");
        assertEquals(List.of(
                new AotProfile("base", List.of(), common, Optional.empty()),
                new AotProfile("metrics", List.of("micrometer"), common, Optional.empty()),
                new AotProfile("full", List.of("micrometer", "security-jwt"),
                        List.of("/app/libs/netty-codec-4.2.jar", "/app/libs/snakeyaml-2.4.jar", "/app/libs/jjwt-0.12.jar"),
                        Optional.of("/opt/mnplatform/aot/full.aot"))), list.aotProfiles());
        assertTrue(log.stream().anyMatch(line -> line.contains("AOT caches: [full (3 jars)]")), log.toString());
    }

    @Test
    void aProfileOfAnUnknownFeatureOrAReservedNameIsRefused() throws Exception {
        Path features = jwtAndMicrometerFeatures();
        ContainerBuildPlan plan = servicePlan("eclipse-temurin:25-jre", yaml);
        JibPluginExtensionException unknown = assertThrows(JibPluginExtensionException.class,
                () -> record(plan, features, "data=data-jdbc"));
        assertTrue(unknown.getMessage().contains("AOT cache profile 'data' names the feature 'data-jdbc', which the base"
                + " does not hold; its features: [security-jwt, micrometer]"), unknown.getMessage());
        JibPluginExtensionException reserved = assertThrows(JibPluginExtensionException.class,
                () -> record(plan, features, "base=micrometer"));
        assertTrue(reserved.getMessage().contains("AOT cache profile 'base=micrometer': write NAME=FEATURE,FEATURE"),
                reserved.getMessage());
    }

    @Test
    void aFeaturesFileThatIsMissingSaysWhichGoalWritesIt() {
        JibPluginExtensionException e = assertThrows(JibPluginExtensionException.class,
                () -> record(servicePlan("eclipse-temurin:25-jre", yaml), dir.resolve("nowhere.properties")));
        assertTrue(e.getMessage().contains("base-features goal writes it before Jib runs"), e.getMessage());
    }

    @Test
    void aServiceOnABaseWithFeaturesSaysWhichFeaturesItsBaseJarsBelongTo() throws Exception {
        Path root = dir.resolve("list-artifact");
        BaseJarList.write(root.resolve(BaseJarList.LIST_RESOURCE), "1.0", BASE + ":1.0",
                Map.of("/app/libs/netty-codec-4.2.jar", BaseJarList.sha256(netty), "/app/libs/jjwt-0.12.jar",
                        BaseJarList.sha256(jwt)),
                List.of(new AotProfile("base", List.of(), List.of("/app/libs/netty-codec-4.2.jar"), Optional.empty())),
                Map.of("security-jwt", List.of("/app/libs/jjwt-0.12.jar")));
        write("list-artifact/" + BaseJarList.DIGEST_RESOURCE, DIGEST + "\n");

        List<String> kept = paths(filter(new URLClassLoader(new URL[] {root.toUri().toURL()}, null),
                servicePlan(BASE + ":1.0", yaml)));

        assertTrue(!kept.contains("/app/libs/jjwt-0.12.jar"), kept.toString());
        assertTrue(log.stream().anyMatch(line -> line.contains("2 jars") && line.contains("shared by features: {security-jwt=1}")),
                log.toString());
    }

    /** The list record mode wrote, read back as a service build reads it. */
    private BaseJarList readRecordedList() throws IOException {
        return BaseJarList.fromClassLoader(new URLClassLoader(new URL[] {dir.resolve("out").toUri().toURL()}, null) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                return name.equals(BaseJarList.DIGEST_RESOURCE)
                        ? new java.io.ByteArrayInputStream(DIGEST.getBytes(StandardCharsets.UTF_8))
                        : super.getResourceAsStream(name);
            }
        }).orElseThrow();
    }

    @Test
    void sha256IsTheKnownDigest() throws IOException {
        Path abc = write("abc.txt", "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", BaseJarList.sha256(abc));
    }

    @Test
    void anUnknownModeIsRefused() {
        BaseImageExtension.Config config = new BaseImageExtension.Config();
        config.setMode("strip");
        JibPluginExtensionException error = assertThrows(JibPluginExtensionException.class,
                () -> new BaseImageExtension().extendContainerBuildPlan(servicePlan(BASE + ":1.0", yaml), Map.of(),
                        Optional.of(config), NO_MAVEN, logger));
        assertTrue(error.getMessage().contains("unknown mode 'strip'"), error.getMessage());
    }
}
