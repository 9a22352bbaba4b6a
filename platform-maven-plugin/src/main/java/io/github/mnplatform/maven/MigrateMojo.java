package io.github.mnplatform.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Moves a Micronaut Launch project (Maven, on micronaut-parent) onto the platform by rewriting
 * its pom.xml in place: {@code ./mvnw io.github.mnplatform:platform-maven-plugin:VERSION:migrate}.
 * The tiles and the platform POM of the target version are resolved like any artifact, so what
 * the tiles declare is read from them, not from a copy.
 */
@Mojo(name = "migrate", requiresProject = true, threadSafe = true)
public class MigrateMojo extends AbstractMojo {

    /** The platform version to move to; the plugin's own by default. */
    @Parameter(property = LaunchPomMigration.PLATFORM_VERSION, defaultValue = "${plugin.version}", required = true)
    private String platformVersion;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path pomFile = project.getFile().toPath();
        String original = read(pomFile);
        LaunchPomMigration migration;
        try {
            migration = LaunchPomMigration.of(original);
        } catch (LaunchPomMigration.Refused e) {
            throw new MojoFailureException(e.getMessage());
        }
        String groupId = plugin.getGroupId();
        Map<String, String> featureTiles = new LinkedHashMap<>();
        for (String feature : PlatformTiles.FEATURES.keySet()) {
            featureTiles.put(feature, read(resolve(groupId, feature + "-tile", "xml")));
        }
        PlatformTiles platform = PlatformTiles.read(groupId, platformVersion,
                read(resolve(groupId, "micronaut-tile", "xml")),
                read(resolve(groupId, "jib-tile", "xml")),
                read(resolve(groupId, "platform", "pom")),
                featureTiles);
        Path cliYml = pomFile.resolveSibling("micronaut-cli.yml");
        LaunchPomMigration.Result result = migration.migrateTo(platform, micronautParent(),
                Files.exists(cliYml) ? LaunchPomMigration.launchFeatures(read(cliYml)) : java.util.Set.of());
        List<String> toDo = new ArrayList<>(result.toDo());
        try {
            Files.writeString(pomFile, result.pom(), StandardCharsets.UTF_8);
            toDo.addAll(LaunchPomMigration.toDoForFiles(pomFile.getParent()));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + pomFile + ": " + e.getMessage(), e);
        }
        getLog().info("migrated " + pomFile + " to the platform " + platformVersion + ":");
        result.changes().forEach(change -> getLog().info("  " + change));
        getLog().warn("still to do by hand:");
        toDo.forEach(line -> getLog().warn("  " + line));
        getLog().info("then: ./mvnw verify");
    }

    /** The properties and plugin versions the project had from micronaut-parent and its parents. */
    private LaunchPomMigration.Parent micronautParent() {
        MavenProject parent = project.getParent();
        Map<String, String> properties = new LinkedHashMap<>();
        parent.getProperties().forEach((name, value) -> properties.put(name.toString(), value.toString()));
        Map<String, String> pluginVersions = new LinkedHashMap<>();
        if (parent.getPluginManagement() != null) {
            for (Plugin managed : parent.getPluginManagement().getPlugins()) {
                if (managed.getVersion() != null) {
                    pluginVersions.put(managed.getGroupId() + ":" + managed.getArtifactId(), managed.getVersion());
                }
            }
        }
        return new LaunchPomMigration.Parent(properties, pluginVersions);
    }

    private Path resolve(String groupId, String artifactId, String extension) throws MojoFailureException {
        DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, extension, platformVersion);
        try {
            return repositorySystem.resolveArtifact(session.getRepositorySession(),
                    new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null))
                    .getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoFailureException("the platform " + platformVersion + " cannot be found: " + artifact
                    + " is in no Maven repository this build uses (" + e.getMessage() + "). Fix: install the"
                    + " platform (./mvnw install in the platform repository) or give the Maven repository that"
                    + " has it, or pick another version with -D" + LaunchPomMigration.PLATFORM_VERSION
                    + "=. pom.xml was not changed.", e);
        }
    }

    private static String read(Path file) throws MojoExecutionException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
