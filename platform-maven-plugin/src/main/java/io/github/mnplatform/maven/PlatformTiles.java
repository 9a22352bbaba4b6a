package io.github.mnplatform.maven;

import io.github.mnplatform.core.PomDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * What one platform version brings to a service, read from its published files: the
 * Micronaut tile's dependencies, annotation processors and properties, the plugins both tiles
 * configure, and the tiles-maven-plugin version the platform pins. The tile.xml is the one
 * place the common dependency set is written down, so it is read, never copied.
 *
 * @param groupId            the platform's groupId (of the BOM and the tiles)
 * @param version            the platform version the service moves to
 * @param tilesPluginVersion the platform's {@code tiles-maven-plugin.version}
 * @param dependencies       the Micronaut tile's dependencies as {@code groupId:artifactId:scope}
 * @param processors         the Micronaut tile's annotation processor paths as {@code groupId:artifactId}
 * @param properties         the Micronaut tile's properties
 * @param plugins            the plugins either tile configures, as {@code groupId:artifactId}, with their versions
 * @param features           the feature tiles, which migrate maps Launch features onto
 */
record PlatformTiles(String groupId, String version, String tilesPluginVersion, Set<String> dependencies,
        Set<String> processors, Map<String, String> properties, Map<String, String> plugins, List<FeatureTile> features) {

    static final String TILES_PLUGIN = "io.repaint.maven:tiles-maven-plugin";

    /**
     * The platform's feature tiles, in the order a service lists them, each with the Micronaut
     * Launch features it takes the place of (Launch's names, as in micronaut-cli.yml).
     */
    static final Map<String, List<String>> FEATURES = featureNames();

    private static Map<String, List<String>> featureNames() {
        Map<String, List<String>> features = new LinkedHashMap<>();
        features.put("data-jdbc", List.of("data-jdbc"));
        features.put("micrometer", List.of("micrometer-prometheus"));
        features.put("security-jwt", List.of("security-jwt"));
        features.put("flyway", List.of("flyway"));
        features.put("openapi", List.of("openapi", "swagger-ui"));
        return java.util.Collections.unmodifiableMap(features);
    }

    /**
     * A feature tile as its tile.xml declares it.
     *
     * @param name           the feature, e.g. data-jdbc; the tile is {@code <name>-tile}
     * @param launchFeatures the Micronaut Launch features it takes the place of
     * @param dependencies   its dependencies as {@code groupId:artifactId:scope}
     * @param processors     its annotation processor paths as {@code groupId:artifactId}
     */
    record FeatureTile(String name, List<String> launchFeatures, Set<String> dependencies, Set<String> processors) {

        static FeatureTile read(String name, String tileXml) {
            Element tile = PomDocument.parse(tileXml).root();
            return new FeatureTile(name, FEATURES.getOrDefault(name, List.of(name)), PlatformTiles.dependencies(tile),
                    new LinkedHashSet<>(PlatformTiles.processors(tile)));
        }

        String artifactId() {
            return name + "-tile";
        }
    }

    /**
     * @param micronautTileXml the Micronaut tile's tile.xml
     * @param jibTileXml       the Jib tile's tile.xml
     * @param platformPom      the platform's root POM (the parent of its BOM), which pins plugin versions
     */
    static PlatformTiles read(String groupId, String version, String micronautTileXml, String jibTileXml,
            String platformPom) {
        return read(groupId, version, micronautTileXml, jibTileXml, platformPom, Map.of());
    }

    /**
     * @param featureTileXml the feature tiles' tile.xml by feature name ({@link #FEATURES})
     */
    static PlatformTiles read(String groupId, String version, String micronautTileXml, String jibTileXml,
            String platformPom, Map<String, String> featureTileXml) {
        Element micronautTile = PomDocument.parse(micronautTileXml).root();
        Set<String> dependencies = dependencies(micronautTile);
        Set<String> processors = new LinkedHashSet<>();
        Map<String, String> plugins = new LinkedHashMap<>();
        for (Element tile : List.of(micronautTile, PomDocument.parse(jibTileXml).root())) {
            buildPlugins(tile).forEach(plugin -> plugins.put(key(plugin), PomDocument.childText(plugin, "version")));
            processors.addAll(processors(tile));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        PomDocument.path(micronautTile, "properties").ifPresent(list -> {
            for (Element property : PomDocument.children(list, null)) {
                properties.put(property.getTagName(), property.getTextContent().trim());
            }
        });
        String tilesPluginVersion = PomDocument.path(PomDocument.parse(platformPom).root(), "properties")
                .map(list -> PomDocument.childText(list, "tiles-maven-plugin.version"))
                .orElseThrow(() -> new IllegalArgumentException(
                        "the platform POM " + groupId + ":platform:" + version + " has no tiles-maven-plugin.version"));
        List<FeatureTile> features = new ArrayList<>();
        FEATURES.keySet().stream().filter(featureTileXml::containsKey)
                .forEach(name -> features.add(FeatureTile.read(name, featureTileXml.get(name))));
        return new PlatformTiles(groupId, version, tilesPluginVersion, dependencies, processors, properties, plugins,
                List.copyOf(features));
    }

    /** A tile's dependencies as {@code groupId:artifactId:scope}. */
    static Set<String> dependencies(Element tile) {
        Set<String> dependencies = new LinkedHashSet<>();
        PomDocument.path(tile, "dependencies").ifPresent(list -> {
            for (Element dependency : PomDocument.children(list, "dependency")) {
                dependencies.add(key(dependency) + ":" + scopeOf(dependency));
            }
        });
        return dependencies;
    }

    /** A tile's compile and runtime dependencies, as {@code groupId:artifactId}, in its order. */
    static List<String> runtimeDependencies(Element tile) {
        List<String> dependencies = new ArrayList<>();
        PomDocument.path(tile, "dependencies").ifPresent(list -> {
            for (Element dependency : PomDocument.children(list, "dependency")) {
                String scope = scopeOf(dependency);
                if (scope.equals("compile") || scope.equals("runtime")) {
                    dependencies.add(key(dependency));
                }
            }
        });
        return dependencies;
    }

    /** The annotation processor paths a tile's plugins configure, as {@code groupId:artifactId}. */
    static List<String> processors(Element tile) {
        List<String> processors = new ArrayList<>();
        for (Element plugin : buildPlugins(tile)) {
            PomDocument.path(plugin, "configuration", "annotationProcessorPaths").ifPresent(paths -> {
                for (Element path : PomDocument.children(paths, "path")) {
                    processors.add(key(path));
                }
            });
        }
        return processors;
    }

    static List<Element> buildPlugins(Element project) {
        return PomDocument.path(project, "build", "plugins")
                .map(plugins -> PomDocument.children(plugins, "plugin"))
                .orElse(List.of());
    }

    /** {@code groupId:artifactId}; a plugin without a groupId is one of Maven's own. */
    static String key(Element coordinates) {
        String groupId = PomDocument.childText(coordinates, "groupId");
        return (groupId == null ? "org.apache.maven.plugins" : groupId) + ":"
                + PomDocument.childText(coordinates, "artifactId");
    }

    static String scopeOf(Element dependency) {
        String scope = PomDocument.childText(dependency, "scope");
        return scope == null ? "compile" : scope;
    }
}
