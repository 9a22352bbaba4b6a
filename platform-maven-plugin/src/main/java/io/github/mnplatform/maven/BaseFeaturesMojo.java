package io.github.mnplatform.maven;

import io.github.mnplatform.core.BaseJarList;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.RepositoryUtils;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.model.Dependency;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.ArtifactTypeRegistry;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.DependencyNode;

/**
 * For the base image's build: writes which of its runtime jars each feature tile brings (see
 * {@link BaseFeatures}), keyed by the jar's file, for the Jib extension, which puts them in layers
 * of their own after the common set and records them in the base's jar list.
 *
 * <p>Why our own: the tiles plugin merges every tile's dependencies into one list and keeps no
 * trace of which tile declared one, and Maven's class path keeps one path per jar.
 */
@Mojo(name = "base-features", defaultPhase = LifecyclePhase.GENERATE_RESOURCES,
        requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class BaseFeaturesMojo extends AbstractMojo {

    /** The key of the feature names, in the tiles' order, in the output file. */
    static final String FEATURES_KEY = "features";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession repositorySession;

    @Component
    private RepositorySystem repositorySystem;

    /** The artifactId of the tile that carries the common dependency set; every other tile with dependencies is a feature. */
    @Parameter(property = "platform.base.commonTile", defaultValue = "micronaut-tile")
    private String commonTile;

    /** Where to write: jar file = feature, and features = their names in the tiles' order. */
    @Parameter(property = "platform.base.featuresFile", defaultValue = "${project.build.directory}/base-features.properties")
    private File output;

    @Override
    public void execute() throws MojoExecutionException {
        Set<String> common = null;
        Map<String, Set<String>> neededByFeature = new LinkedHashMap<>();
        Set<String> declaredByTiles = new HashSet<>();
        for (String tile : ProjectTiles.of(project)) {
            List<String> dependencies = PlatformTiles.runtimeDependencies(
                    ProjectTiles.tileXml(tile, project, repositorySystem, repositorySession));
            declaredByTiles.addAll(dependencies);
            String artifactId = tile.split(":")[1];
            if (artifactId.equals(commonTile)) {
                common = resolved(dependencies, "the tile " + tile);
            } else if (!dependencies.isEmpty()) {
                neededByFeature.put(BaseFeatures.featureName(artifactId), resolved(dependencies, "the tile " + tile));
            }
        }
        if (common == null) {
            throw new MojoExecutionException("the project applies no tile " + commonTile + " (platform.base.commonTile):"
                    + " the common set of the base image cannot be told from its features");
        }
        // The base's own dependencies (JDBC drivers): jars many services run that no tile declares,
        // since a service picks its driver. They are a group of their own, after the features.
        List<String> ownDependencies = project.getDependencies().stream()
                .filter(d -> d.getScope() == null || d.getScope().equals(Artifact.SCOPE_COMPILE)
                        || d.getScope().equals(Artifact.SCOPE_RUNTIME))
                .map(d -> d.getGroupId() + ":" + d.getArtifactId())
                .filter(key -> !declaredByTiles.contains(key))
                .toList();
        if (!ownDependencies.isEmpty()) {
            neededByFeature.put(BaseJarList.SHARED, resolved(ownDependencies, "the base's own dependencies"));
        }
        List<String> jars = new ArrayList<>();
        Map<String, File> fileByJar = new LinkedHashMap<>();
        for (Artifact artifact : project.getArtifacts()) {
            if (artifact.getArtifactHandler().isAddedToClasspath()
                    && (Artifact.SCOPE_COMPILE.equals(artifact.getScope()) || Artifact.SCOPE_RUNTIME.equals(artifact.getScope()))) {
                String key = artifact.getGroupId() + ":" + artifact.getArtifactId();
                jars.add(key);
                fileByJar.put(key, artifact.getFile());
            }
        }
        Map<String, String> features;
        try {
            features = BaseFeatures.features(jars, common, neededByFeature);
        } catch (IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        Properties properties = new Properties();
        properties.setProperty(FEATURES_KEY, String.join(",", neededByFeature.keySet()));
        features.forEach((jar, feature) -> properties.setProperty(fileByJar.get(jar).getAbsolutePath(), feature));
        try {
            Files.createDirectories(output.toPath().toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(output.toPath())) {
                properties.store(out, "Jars of the base image that feature tiles bring: jar file = feature");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + output + ": " + e.getMessage(), e);
        }
        getLog().info("base image: " + (jars.size() - features.size()) + " common jars, " + features.size()
                + " shared by the features " + neededByFeature.keySet() + " (" + output + ")");
    }

    /**
     * groupId:artifactId of every jar that some dependencies (a tile's) resolve to at runtime, with
     * this project's versions and dependency management: what a service with that tile alone runs.
     */
    private Set<String> resolved(List<String> dependencies, String declaredBy) throws MojoExecutionException {
        ArtifactTypeRegistry types = repositorySession.getArtifactTypeRegistry();
        CollectRequest request = new CollectRequest();
        for (String key : dependencies) {
            Dependency dependency = project.getDependencies().stream()
                    .filter(d -> key.equals(d.getGroupId() + ":" + d.getArtifactId()))
                    .findFirst()
                    .orElseThrow(() -> new MojoExecutionException("the dependency " + key + " of " + declaredBy
                            + " is not among the project's dependencies"));
            request.addDependency(RepositoryUtils.toDependency(dependency, types));
        }
        if (project.getDependencyManagement() != null) {
            for (Dependency managed : project.getDependencyManagement().getDependencies()) {
                request.addManagedDependency(RepositoryUtils.toDependency(managed, types));
            }
        }
        request.setRepositories(project.getRemoteProjectRepositories());
        try {
            Set<String> jars = new HashSet<>();
            collect(repositorySystem.collectDependencies(repositorySession, request).getRoot(), jars);
            return jars;
        } catch (DependencyCollectionException e) {
            throw new MojoExecutionException("cannot resolve " + declaredBy + ": " + e.getMessage(), e);
        }
    }

    private static void collect(DependencyNode node, Set<String> jars) {
        for (DependencyNode child : node.getChildren()) {
            String scope = child.getDependency().getScope();
            if (scope.isEmpty() || scope.equals(Artifact.SCOPE_COMPILE) || scope.equals(Artifact.SCOPE_RUNTIME)) {
                jars.add(child.getArtifact().getGroupId() + ":" + child.getArtifact().getArtifactId());
                collect(child, jars);
            }
        }
    }
}
