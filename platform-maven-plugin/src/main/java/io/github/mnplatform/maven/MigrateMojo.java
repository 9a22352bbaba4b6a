package io.github.mnplatform.maven;

import io.github.mnplatform.core.PomDocument;
import io.github.mnplatform.core.TemplateProvenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Moves a Micronaut Launch project (Maven, on micronaut-parent) onto the platform by rewriting
 * its pom.xml in place: {@code ./mvnw io.github.mnplatform:platform-maven-plugin:VERSION:migrate}.
 * The tiles and the platform POM of the target version are resolved like any artifact, so what
 * the tiles declare is read from them, not from a copy.
 */
@Mojo(name = "migrate", requiresProject = true, threadSafe = true)
public class MigrateMojo extends PlatformArtifactsMojo {

    /** The platform version to move to; the plugin's own by default. */
    @Parameter(property = LaunchPomMigration.PLATFORM_VERSION, defaultValue = "${plugin.version}", required = true)
    private String platformVersion;

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
            featureTiles.put(feature, read(resolve(feature + "-tile", "xml")));
        }
        String platformPom = read(resolve("platform", "pom"));
        PlatformTiles platform = PlatformTiles.read(groupId, platformVersion,
                read(resolve("micronaut-tile", "xml")),
                read(resolve("jib-tile", "xml")),
                platformPom,
                featureTiles);
        Path cliYml = pomFile.resolveSibling("micronaut-cli.yml");
        String cli = Files.exists(cliYml) ? read(cliYml) : "";
        LaunchPomMigration.Result result = migration.migrateTo(platform, micronautParent(),
                LaunchPomMigration.launchFeatures(cli));
        TemplateProvenance provenance = provenance(groupId, platformPom, LaunchPomMigration.launchPackage(cli), result);
        Path directory = pomFile.getParent();
        List<String> toDo = new ArrayList<>(result.toDo());
        try {
            provenance.write(directory);
            try {
                Files.writeString(pomFile, result.pom(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                Files.deleteIfExists(directory.resolve(TemplateProvenance.FILE));
                throw e;
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + pomFile + " and " + TemplateProvenance.FILE + ": "
                    + e.getMessage(), e);
        }
        try {
            toDo.addAll(LaunchPomMigration.toDoForFiles(directory));
        } catch (IOException e) {
            throw new MojoExecutionException("migrated " + pomFile + ", but cannot list " + directory + ": " + e.getMessage(), e);
        }
        getLog().info("migrated " + pomFile + " to the platform " + platformVersion + ":");
        result.changes().forEach(change -> getLog().info("  " + change));
        getLog().info("  wrote " + TemplateProvenance.FILE + ": the service template " + platformVersion
                + " and the answers it would have been made with (features: " + provenance.answers().get("features") + ")");
        getLog().warn("still to do by hand:");
        toDo.forEach(line -> getLog().warn("  " + line));
        getLog().info("then: ./mvnw verify");
    }

    /**
     * The project as if the service template had made it at the platform version: its own
     * coordinates, the package of micronaut-cli.yml (else its groupId), Micronaut's default port
     * (Launch sets none), the platform's organisation and the feature tiles it moved onto.
     */
    private TemplateProvenance provenance(String groupId, String platformPom, Optional<String> launchPackage,
            LaunchPomMigration.Result result) {
        String platformOrg = PomDocument.path(PomDocument.parse(platformPom).root(), "properties")
                .map(properties -> PomDocument.childText(properties, "platform.org")).orElse(null);
        return new TemplateProvenance(groupId + ":service-template", platformVersion, TemplateProvenance.MIGRATED, Map.of(
                "groupId", project.getGroupId(), "artifactId", project.getArtifactId(), "version", project.getVersion(),
                "package", launchPackage.orElse(project.getGroupId()), "serviceName", project.getArtifactId(),
                "port", "8080", "platformOrg", Objects.requireNonNullElse(platformOrg, ""),
                "features", result.features().isEmpty() ? "none" : String.join(",", result.features())));
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

    private Path resolve(String artifactId, String extension) throws MojoFailureException {
        return resolvePlatform(artifactId, extension, platformVersion, "install the platform (./mvnw install in the"
                + " platform repository) or give the Maven repository that has it, or pick another version with -D"
                + LaunchPomMigration.PLATFORM_VERSION + "=. pom.xml was not changed.");
    }

}
