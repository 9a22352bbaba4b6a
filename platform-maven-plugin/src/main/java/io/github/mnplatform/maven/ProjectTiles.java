package io.github.mnplatform.maven;

import io.github.mnplatform.core.PomDocument;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.w3c.dom.Element;

/** The tiles a project applies, and their tile.xml files, resolved as the tiles plugin resolves them. */
final class ProjectTiles {

    private ProjectTiles() {
    }

    /** The tiles of a project, as group:artifact:version, from the tiles plugin's configuration. */
    static List<String> of(MavenProject project) {
        List<String> tiles = new ArrayList<>();
        Plugin plugin = project.getPlugin(PlatformTiles.TILES_PLUGIN);
        Xpp3Dom configuration = plugin == null ? null : (Xpp3Dom) plugin.getConfiguration();
        Xpp3Dom list = configuration == null ? null : configuration.getChild("tiles");
        if (list != null) {
            for (Xpp3Dom tile : list.getChildren("tile")) {
                tiles.add(tile.getValue().trim());
            }
        }
        return tiles;
    }

    /** The root element of a tile's tile.xml. */
    static Element tileXml(String tile, MavenProject project, RepositorySystem repositorySystem,
            RepositorySystemSession session) throws MojoExecutionException {
        String[] gav = tile.split(":");
        if (gav.length != 3) {
            throw new MojoExecutionException("tile '" + tile + "' is not groupId:artifactId:version");
        }
        File file;
        try {
            file = repositorySystem.resolveArtifact(session, new ArtifactRequest(
                    new DefaultArtifact(gav[0], gav[1], "", "xml", gav[2]), project.getRemotePluginRepositories(), null))
                    .getArtifact().getFile();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException("cannot resolve the tile " + tile + ": " + e.getMessage(), e);
        }
        try {
            return PomDocument.parse(Files.readString(file.toPath(), StandardCharsets.UTF_8)).root();
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoExecutionException("cannot read the tile " + tile + " (" + file + "): " + e.getMessage(), e);
        }
    }
}
