package io.github.mnplatform.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The goals run by hand in a service that read the platform's own artifacts at a version (its
 * tiles, POM, service template): they resolve them as any artifact of the build, from the
 * project's repositories, so they work wherever the service's build does.
 */
abstract class PlatformArtifactsMojo extends AbstractMojo {

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Component
    private RepositorySystem repositorySystem;

    /** The platform's ARTIFACT.EXTENSION at VERSION; FIX ends the message when no repository has it. */
    protected Path resolvePlatform(String artifactId, String extension, String version, String fix)
            throws MojoFailureException {
        DefaultArtifact artifact = new DefaultArtifact(plugin.getGroupId(), artifactId, extension, version);
        try {
            return repositorySystem.resolveArtifact(session.getRepositorySession(),
                    new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null)).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoFailureException("the platform " + version + " cannot be found: " + artifact
                    + " is in no Maven repository this build uses (" + e.getMessage() + "). Fix: " + fix, e);
        }
    }

    protected static String read(Path file) throws MojoExecutionException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
