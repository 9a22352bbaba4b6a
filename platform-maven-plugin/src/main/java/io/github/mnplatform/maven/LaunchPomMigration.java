package io.github.mnplatform.maven;

import io.github.mnplatform.core.PomDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * Moves the pom.xml of a Micronaut Launch project (Maven, parent
 * {@code io.micronaut.platform:micronaut-parent}) onto the platform: the parent goes, the
 * platform BOM and the two tiles come in, and what the tiles already declare is taken out of
 * the POM. Works on the file's text through a DOM, so the rest of the file keeps its layout.
 * Every change is reported as one line; what only the user can do is listed apart.
 */
final class LaunchPomMigration {

    static final String MICRONAUT_PARENT = "io.micronaut.platform:micronaut-parent";
    static final String PLATFORM_VERSION = "platform.version";
    private static final String MICRONAUT_MAVEN_PLUGIN = "io.micronaut.maven:micronaut-maven-plugin";
    private static final String ENFORCER_PLUGIN = "org.apache.maven.plugins:maven-enforcer-plugin";
    private static final String COMPILER_PLUGIN = "org.apache.maven.plugins:maven-compiler-plugin";
    private static final String PROCESSING_ARG = "-Amicronaut.processing.";
    /** Writes GraalVM native-image metadata; Launch lists it where it overrides the parent's paths. */
    private static final String NATIVE_IMAGE_PROCESSOR = "io.micronaut:micronaut-graal";
    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([^}]+)}");
    private static final Set<String> COORDINATE_ELEMENTS = Set.of("groupId", "artifactId", "version");

    /**
     * What the project had from micronaut-parent (and its own parent, micronaut-platform).
     *
     * @param properties     their properties, with values
     * @param pluginVersions their pluginManagement versions by {@code groupId:artifactId}
     */
    record Parent(Map<String, String> properties, Map<String, String> pluginVersions) {
    }

    /**
     * @param pom      the new pom.xml text
     * @param changes  one line per change made
     * @param toDo     what the user still has to do
     * @param features the feature tiles the project moved onto, in the platform's order
     */
    record Result(String pom, List<String> changes, List<String> toDo, List<String> features) {
    }

    /** The POM is not one this migration moves; the message says what, why and how to fix it. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final PomDocument pom;
    private final Element project;
    private final Element parentElement;
    private final List<String> changes = new ArrayList<>();
    private final List<String> toDo = new ArrayList<>();
    /** The feature tiles the project moves onto, in the platform's order. */
    private final List<PlatformTiles.FeatureTile> featureTiles = new ArrayList<>();

    private LaunchPomMigration(PomDocument pom, Element parentElement) {
        this.pom = pom;
        this.project = pom.root();
        this.parentElement = parentElement;
    }

    /** Checks that the text is a Launch POM not yet on the platform. */
    static LaunchPomMigration of(String pomText) throws Refused {
        PomDocument pom;
        try {
            pom = PomDocument.parse(pomText);
        } catch (IllegalArgumentException e) {
            throw new Refused("pom.xml cannot be read: " + e.getMessage() + ". Fix the XML, then run migrate again.");
        }
        Element project = pom.root();
        boolean hasTiles = PlatformTiles.buildPlugins(project).stream()
                .anyMatch(plugin -> PlatformTiles.key(plugin).equals(PlatformTiles.TILES_PLUGIN));
        boolean hasPlatformVersion = PomDocument.path(project, "properties", PLATFORM_VERSION).isPresent();
        if (hasTiles || hasPlatformVersion) {
            throw new Refused("pom.xml already uses the platform (it has "
                    + (hasTiles ? "the tiles-maven-plugin" : "a <" + PLATFORM_VERSION + "> property")
                    + "), so there is nothing to migrate. To move it to another platform version, set <"
                    + PLATFORM_VERSION + "> or run scripts/bump-tiles.sh. pom.xml was not changed.");
        }
        Optional<Element> parent = PomDocument.child(project, "parent");
        String parentKey = parent.map(PlatformTiles::key).orElse(null);
        if (!MICRONAUT_PARENT.equals(parentKey)) {
            throw new Refused("pom.xml is not a Micronaut Launch project: "
                    + (parentKey == null ? "it has no <parent>" : "its parent is " + parentKey)
                    + ", and migrate expects " + MICRONAUT_PARENT + ". It moves only the Maven projects that"
                    + " Micronaut Launch (or mn create-app --build=maven) generates, whose build comes from that"
                    + " parent: in another build it cannot tell what the platform replaces. Fix: run it in the"
                    + " directory of a Launch project; for any other project, generate a service from the"
                    + " service template (README, \"A new service\") and move the code into it."
                    + " pom.xml was not changed.");
        }
        return new LaunchPomMigration(pom, parent.get());
    }

    Result migrateTo(PlatformTiles platform, Parent parent) {
        return migrateTo(platform, parent, Set.of());
    }

    /**
     * @param launchFeatures the features micronaut-cli.yml lists (empty without that file)
     */
    Result migrateTo(PlatformTiles platform, Parent parent, Set<String> launchFeatures) {
        chooseFeatureTiles(platform, launchFeatures);
        removeParent();
        migrateProperties(platform);
        importPlatformBom(platform);
        migrateDependencies(platform, parent);
        migratePlugins(platform, parent);
        reportLeftoverReferences(platform, parent);
        return new Result(pom.text(), List.copyOf(changes), List.copyOf(toDo),
                featureTiles.stream().map(PlatformTiles.FeatureTile::name).toList());
    }

    /** The features of a Launch project's micronaut-cli.yml ({@code features: [a, b, ...]}). */
    static Set<String> launchFeatures(String micronautCliYml) {
        Matcher list = Pattern.compile("(?m)^features:\\s*\\[([^\\]]*)]").matcher(micronautCliYml);
        if (!list.find()) {
            return Set.of();
        }
        return java.util.Arrays.stream(list.group(1).split(","))
                .map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The base package of a Launch project's micronaut-cli.yml ({@code defaultPackage: com.example}). */
    static Optional<String> launchPackage(String micronautCliYml) {
        Matcher line = Pattern.compile("(?m)^defaultPackage:\\s*(\\S+)\\s*$").matcher(micronautCliYml);
        return line.find() ? Optional.of(line.group(1)) : Optional.empty();
    }

    /**
     * A feature tile takes the place of a Launch feature when the project declares every
     * dependency the tile declares (what Launch's feature of that name writes), or when
     * micronaut-cli.yml lists that feature and the project still uses one of the tile's artifacts.
     */
    private void chooseFeatureTiles(PlatformTiles platform, Set<String> launchFeatures) {
        Set<String> declared = new TreeSet<>();
        PomDocument.child(project, "dependencies").ifPresent(list ->
                PomDocument.children(list, "dependency").forEach(dependency -> declared.add(PlatformTiles.key(dependency))));
        Set<String> processors = new TreeSet<>();
        PomDocument.path(project, "build", "plugins").ifPresent(plugins -> PomDocument.children(plugins, "plugin").stream()
                .filter(plugin -> PlatformTiles.key(plugin).equals(COMPILER_PLUGIN))
                .forEach(plugin -> PomDocument.path(plugin, "configuration", "annotationProcessorPaths").ifPresent(paths ->
                        PomDocument.children(paths, "path").forEach(path -> processors.add(PlatformTiles.key(path))))));
        for (PlatformTiles.FeatureTile tile : platform.features()) {
            List<String> tileDependencies = tile.dependencies().stream()
                    .map(dependency -> dependency.substring(0, dependency.lastIndexOf(':'))).toList();
            boolean allDeclared = !tileDependencies.isEmpty() && declared.containsAll(tileDependencies);
            List<String> named = tile.launchFeatures().stream().filter(launchFeatures::contains).toList();
            boolean usesOne = tileDependencies.stream().anyMatch(declared::contains)
                    || tile.processors().stream().anyMatch(processors::contains);
            if (allDeclared || (!named.isEmpty() && usesOne)) {
                featureTiles.add(tile);
                changes.add("added feature tile " + tile.artifactId() + ": it takes the place of Launch's "
                        + (named.isEmpty() ? tile.name() : String.join(", ", named)) + " ("
                        + (allDeclared ? String.join(", ", tileDependencies) : "micronaut-cli.yml") + ")");
            }
        }
    }

    /** Where a dependency or processor comes from on the platform: the Micronaut tile or a feature tile. */
    private String tileOf(PlatformTiles platform, String key, boolean processor) {
        if (processor ? platform.processors().contains(key)
                : platform.dependencies().stream().anyMatch(dependency -> dependency.startsWith(key + ":"))) {
            return "the Micronaut tile";
        }
        return featureTiles.stream()
                .filter(tile -> processor ? tile.processors().contains(key)
                        : tile.dependencies().stream().anyMatch(dependency -> dependency.startsWith(key + ":")))
                .map(tile -> "the " + tile.name() + " tile")
                .findFirst().orElse(null);
    }

    /** The scope in which the Micronaut tile or a chosen feature tile declares a dependency. */
    private Optional<String> tileScope(PlatformTiles platform, String key) {
        return java.util.stream.Stream.concat(platform.dependencies().stream(),
                        featureTiles.stream().flatMap(tile -> tile.dependencies().stream()))
                .filter(tileDependency -> tileDependency.startsWith(key + ":"))
                .map(tileDependency -> tileDependency.substring(key.length() + 1))
                .findFirst();
    }

    /** What the user still has to do about files the platform replaces or provides. */
    static List<String> toDoForFiles(Path projectDirectory) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String file : List.of("micronaut-cli.yml", "Dockerfile")) {
            if (Files.exists(projectDirectory.resolve(file))) {
                lines.add("delete " + file + ": " + (file.equals("Dockerfile")
                        ? "the image is built by ./mvnw compile jib:build FROM the platform's base image"
                        : "it describes the Launch build, which the platform replaces"));
            }
        }
        try (var files = Files.list(projectDirectory)) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("aot-") && name.endsWith(".properties"))
                    .sorted()
                    .forEach(name -> lines.add("delete " + name
                            + ": Micronaut AOT is not used; the image starts from the base image's JDK AOT cache"));
        }
        lines.add("put in the platform's Maven Wrapper: copy mvnw, mvnw.cmd and .mvn/wrapper/ from a service"
                + " generated from the template, and delete mvnw.bat and .mvn/wrapper/maven-wrapper.jar"
                + " (later platform versions bring theirs with scripts/bump-tiles.sh)");
        lines.add("copy .github/workflows/ci.yml and renovate.json from a service generated from the template"
                + " (docs/migrating.md of the platform)");
        return lines;
    }

    private void removeParent() {
        String parentVersion = PomDocument.childText(parentElement, "version");
        for (String coordinate : List.of("groupId", "version")) {
            if (PomDocument.child(project, coordinate).isEmpty()) {
                // Keep the coordinates the artifact had; the user may choose new ones later.
                String inherited = PomDocument.childText(parentElement, coordinate);
                pom.topLevel(coordinate).setTextContent(inherited);
                changes.add("set " + coordinate + " " + inherited + ", which the project inherited from its parent");
                toDo.add("choose the project's own <" + coordinate + ">: " + inherited + " is micronaut-parent's");
            }
        }
        PomDocument.remove(parentElement);
        changes.add("removed <parent> " + MICRONAUT_PARENT + ":" + parentVersion
                + ": the tiles and the platform BOM take its place");
        PomDocument.child(project, "packaging")
                .filter(packaging -> packaging.getTextContent().trim().equals("${packaging}"))
                .ifPresent(packaging -> {
                    PomDocument.remove(packaging);
                    changes.add("removed <packaging>${packaging}</packaging>: a service is a jar");
                });
    }

    private void migrateProperties(PlatformTiles platform) {
        Element properties = pom.topLevel("properties");
        String release = null;
        for (Element property : PomDocument.children(properties, null)) {
            String name = property.getTagName();
            String value = property.getTextContent().trim();
            String reason = null;
            if (name.equals("packaging")) {
                reason = "a service is a jar; its image is built with Jib";
                if (!value.equals("jar")) {
                    toDo.add("packaging was " + value + ": the platform builds a jar and the image with"
                            + " ./mvnw compile jib:build, not with -Dpackaging");
                }
            } else if (name.equals("jdk.version") || name.equals("release.version")) {
                reason = "micronaut-parent's; the Micronaut tile sets maven.compiler.release";
                if (release == null || name.equals("release.version")) {
                    release = value;
                }
            } else if (name.equals("micronaut.version")) {
                reason = "the platform BOM selects Micronaut";
            } else if (name.startsWith("micronaut.aot.")) {
                reason = "Micronaut AOT is not used; the image starts from the base image's JDK AOT cache";
            } else if (name.equals("micronaut.test.resources.enabled")) {
                reason = "the platform does not start Micronaut Test Resources";
                if (value.equals("true")) {
                    toDo.add("the project used Micronaut Test Resources: give the tests their services"
                            + " another way (e.g. Testcontainers in the test code)");
                }
            } else if (value.equals(platform.properties().get(name))) {
                reason = "the Micronaut tile sets the same value";
            }
            if (reason != null) {
                PomDocument.remove(property);
                changes.add("removed property " + name + " (" + value + "): " + reason);
            }
        }
        String tileRelease = platform.properties().get("maven.compiler.release");
        if (release != null && !release.equals(tileRelease)
                && PomDocument.child(properties, "maven.compiler.release").isEmpty()) {
            pom.insertFirst(properties, pom.element("maven.compiler.release", release));
            changes.add("added property maven.compiler.release " + release + " (the tile's is " + tileRelease
                    + "): the Java release the project was compiled for");
        }
        pom.insertFirst(properties, pom.element(PLATFORM_VERSION, platform.version()));
        changes.add("added property " + PLATFORM_VERSION + " " + platform.version()
                + ": it selects the tiles, the platform BOM and the base image");
    }

    private void importPlatformBom(PlatformTiles platform) {
        Element managed = pom.childOrCreate(pom.topLevel("dependencyManagement"), "dependencies");
        pom.insertFirst(managed, pom.element("dependency",
                pom.element("groupId", platform.groupId()),
                pom.element("artifactId", "platform-bom"),
                pom.element("version", "${" + PLATFORM_VERSION + "}"),
                pom.element("type", "pom"),
                pom.element("scope", "import")));
        changes.add("added the import of " + platform.groupId() + ":platform-bom:${" + PLATFORM_VERSION
                + "} to <dependencyManagement>: every version of the common set");
    }

    private void migrateDependencies(PlatformTiles platform, Parent parent) {
        Optional<Element> dependencies = PomDocument.child(project, "dependencies");
        if (dependencies.isEmpty()) {
            return;
        }
        for (Element dependency : PomDocument.children(dependencies.get(), "dependency")) {
            String key = PlatformTiles.key(dependency);
            String scope = PlatformTiles.scopeOf(dependency);
            boolean plain = PomDocument.children(dependency, null).stream()
                    .allMatch(child -> Set.of("groupId", "artifactId", "scope").contains(child.getTagName()));
            Optional<String> tileScope = tileScope(platform, key);
            String tile = tileOf(platform, key, false);
            if (plain && tileScope.isPresent() && covers(tileScope.get(), scope)) {
                PomDocument.remove(dependency);
                changes.add("removed dependency " + key + " (" + scope + "): " + tile + " declares it"
                        + (tileScope.get().equals(scope) ? "" : " in scope " + tileScope.get() + ", which includes " + scope));
                continue;
            }
            tileScope.ifPresent(inTile -> toDo.add("kept dependency " + key + " in scope " + scope
                    + ": " + tile + " has it in scope " + inTile + "; delete it here to take the tile's"
                    + (scope.equals("provided") && tile.equals("the Micronaut tile")
                            ? " (while it stays provided, the service does not run the base image's"
                            + " jar and starts without the base's AOT cache)" : "")));
            migrateVersion(dependency, parent, true);
        }
        if (PomDocument.hasNoElements(dependencies.get())) {
            PomDocument.remove(dependencies.get());
        }
    }

    /**
     * Whether a dependency in the tile's scope is on every class path the service's scope puts it
     * on: then the service's own declaration only narrows it (Launch's test-scoped
     * micronaut-http-client would keep the jar out of the image, and the image off the base's
     * AOT cache). A provided one stays: it keeps a jar out of the image on purpose.
     */
    static boolean covers(String tileScope, String serviceScope) {
        return switch (tileScope) {
            case "compile" -> Set.of("compile", "runtime", "test").contains(serviceScope);
            case "runtime" -> Set.of("runtime", "test").contains(serviceScope);
            default -> tileScope.equals(serviceScope);
        };
    }

    private void migratePlugins(PlatformTiles platform, Parent parent) {
        Element plugins = pom.childOrCreate(pom.topLevel("build"), "plugins");
        for (Element plugin : PomDocument.children(plugins, "plugin")) {
            String key = PlatformTiles.key(plugin);
            if (key.equals(MICRONAUT_MAVEN_PLUGIN)) {
                String configuration = PomDocument.child(plugin, "configuration")
                        .map(config -> PomDocument.children(config, null).stream()
                                .map(Element::getTagName).collect(Collectors.joining(", ")))
                        .filter(names -> !names.isEmpty())
                        .map(names -> " and its configuration (" + names + ")")
                        .orElse("");
                PomDocument.remove(plugin);
                changes.add("removed plugin " + key + configuration
                        + ": the Micronaut tile brings it for mn:run; images are built with Jib");
            } else if (key.equals(ENFORCER_PLUGIN) && PomDocument.children(plugin, null).stream()
                    .allMatch(child -> COORDINATE_ELEMENTS.contains(child.getTagName()))) {
                PomDocument.remove(plugin);
                changes.add("removed plugin " + key + ": it only ran micronaut-parent's rules (Java 17 or newer,"
                        + " snakeyaml beside YAML configuration); the Micronaut tile compiles for release 17"
                        + " and brings snakeyaml");
            } else if (key.equals(COMPILER_PLUGIN)) {
                migrateCompiler(plugin, platform, parent);
            } else {
                migratePluginVersion(plugin, platform, parent);
            }
        }
        List<String> tileNames = new ArrayList<>(List.of("micronaut-tile", "jib-tile"));
        featureTiles.forEach(tile -> tileNames.add(tile.artifactId()));
        Element tiles = pom.element("tiles", tileNames.stream()
                .map(name -> pom.element("tile", platform.groupId() + ":" + name + ":${" + PLATFORM_VERSION + "}"))
                .toArray(Element[]::new));
        pom.insertFirst(plugins, pom.element("plugin",
                pom.element("groupId", "io.repaint.maven"),
                pom.element("artifactId", "tiles-maven-plugin"),
                pom.element("version", platform.tilesPluginVersion()),
                pom.element("extensions", "true"),
                pom.element("configuration", tiles)));
        changes.add("added plugin " + PlatformTiles.TILES_PLUGIN + ":" + platform.tilesPluginVersion()
                + " with the tiles " + String.join(", ", tileNames) + " at ${" + PLATFORM_VERSION + "}");
    }

    private void migrateCompiler(Element plugin, PlatformTiles platform, Parent parent) {
        Optional<Element> configuration = PomDocument.child(plugin, "configuration");
        configuration.flatMap(config -> PomDocument.child(config, "annotationProcessorPaths")).ifPresent(paths -> {
            for (Element path : PomDocument.children(paths, "path")) {
                String key = PlatformTiles.key(path);
                String tile = tileOf(platform, key, true);
                if (tile != null) {
                    PomDocument.remove(path);
                    changes.add("removed annotation processor " + key + ": " + tile + " declares it");
                } else if (key.equals(NATIVE_IMAGE_PROCESSOR)) {
                    PomDocument.remove(path);
                    changes.add("removed annotation processor " + key + ": it writes GraalVM native-image metadata,"
                            + " and the platform builds JVM images");
                } else {
                    migrateVersion(path, parent, true);
                }
            }
            if (PomDocument.hasNoElements(paths)) {
                PomDocument.remove(paths);
            } else if (!"append".equals(paths.getAttribute("combine.children")) || paths.hasAttribute("combine.self")) {
                // Without append, the project's paths would replace the tile's processors.
                paths.removeAttribute("combine.self");
                paths.setAttribute("combine.children", "append");
                changes.add("set combine.children=\"append\" on <annotationProcessorPaths>: the project's"
                        + " processors add to the tile's");
            }
        });
        configuration.flatMap(config -> PomDocument.child(config, "compilerArgs")).ifPresent(args -> {
            for (Element arg : PomDocument.children(args, "arg")) {
                if (arg.getTextContent().trim().startsWith(PROCESSING_ARG)) {
                    PomDocument.remove(arg);
                    changes.add("removed compiler argument " + arg.getTextContent().trim()
                            + ": the Micronaut tile sets it from the project's coordinates");
                }
            }
            if (PomDocument.hasNoElements(args)) {
                PomDocument.remove(args);
            }
        });
        configuration.filter(PomDocument::hasNoElements).ifPresent(PomDocument::remove);
        if (PomDocument.children(plugin, null).stream()
                .allMatch(child -> COORDINATE_ELEMENTS.contains(child.getTagName()))) {
            PomDocument.remove(plugin);
            changes.add("removed plugin " + COMPILER_PLUGIN + ": nothing was left that the tiles do not set");
        } else {
            migratePluginVersion(plugin, platform, parent);
        }
    }

    /**
     * A plugin the tiles configure takes their version. Any other plugin that had its version
     * from micronaut-parent's pluginManagement gets that version written in: the build stays
     * what it was, and the plugin no longer floats with Maven's defaults.
     */
    private void migratePluginVersion(Element plugin, PlatformTiles platform, Parent parent) {
        String key = PlatformTiles.key(plugin);
        if (PomDocument.child(plugin, "version").isPresent()) {
            migrateVersion(plugin, parent, false);
            return;
        }
        if (platform.plugins().containsKey(key)) {
            // The tiles give it a version only once they are injected, after Maven has read the
            // POM: without one of its own, Maven warns that 'build.plugins.plugin.version' is missing.
            String tilesVersion = platform.plugins().get(key);
            if (tilesVersion != null && !tilesVersion.contains("${")) {
                pom.insertAfter(PomDocument.child(plugin, "artifactId").orElseThrow(), pom.element("version", tilesVersion));
                changes.add("set the version of plugin " + key + " to " + tilesVersion + ", the tiles': without one"
                        + " Maven warns that 'build.plugins.plugin.version' is missing");
            }
            return;
        }
        String version = parent.pluginVersions().get(key);
        if (version != null) {
            pom.insertAfter(PomDocument.child(plugin, "artifactId").orElseThrow(), pom.element("version", version));
            changes.add("set the version of plugin " + key + " to " + version + ", micronaut-parent's");
            toDo.add("check plugin " + key + ": micronaut-parent's pluginManagement configured it, and that"
                    + " configuration is no longer inherited");
        }
    }

    /**
     * A version written as a micronaut-parent property no longer resolves without the parent.
     * The micronaut.* ones name Micronaut modules, which the platform BOM manages: the version
     * goes (where the BOM applies). Any other is written in as the value it had.
     */
    private void migrateVersion(Element owner, Parent parent, boolean bomApplies) {
        Optional<Element> version = PomDocument.child(owner, "version");
        if (version.isEmpty()) {
            return;
        }
        Matcher reference = PROPERTY_REFERENCE.matcher(version.get().getTextContent().trim());
        if (!reference.matches() || !fromParent(reference.group(1), parent)) {
            return;
        }
        String property = reference.group(1);
        String key = PlatformTiles.key(owner);
        if (bomApplies && property.startsWith("micronaut.")) {
            PomDocument.remove(version.get());
            changes.add("removed the version ${" + property + "} of " + key + ": the platform BOM manages it");
        } else {
            String value = parent.properties().get(property);
            version.get().setTextContent(value);
            changes.add("set the version of " + key + " to " + value + " (was ${" + property
                    + "}, a property of micronaut-parent)");
        }
    }

    /** A property that micronaut-parent defined and the project itself does not. */
    private boolean fromParent(String property, Parent parent) {
        return parent.properties().containsKey(property)
                && PomDocument.path(project, "properties", property).isEmpty();
    }

    /** Any other ${...} of micronaut-parent's left in the POM would not resolve on the platform. */
    private void reportLeftoverReferences(PlatformTiles platform, Parent parent) {
        Matcher reference = PROPERTY_REFERENCE.matcher(pom.text());
        Set<String> reported = new TreeSet<>();
        while (reference.find()) {
            String property = reference.group(1);
            if (fromParent(property, parent) && !platform.properties().containsKey(property)
                    && !property.startsWith("project.") && reported.add(property)) {
                toDo.add("pom.xml still refers to ${" + property + "}, which micronaut-parent defined ("
                        + parent.properties().get(property) + "): define it in <properties> or replace it");
            }
        }
    }
}
