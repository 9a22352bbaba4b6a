package io.github.mnplatform.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Points {@code jib:dockerBuild} at the engine that runs here: docker where its engine answers,
 * else podman. Sets the project property {@code jib.dockerClient.executable}, which Jib reads
 * when its goal runs later in the same build ({@code ./mvnw compile jib:dockerBuild}). Does
 * nothing unless jib:dockerBuild was asked for, or when the user set that property.
 *
 * <p>Why our own: no plugin detects the engine, and Maven profiles can only test one file.
 */
@Mojo(name = "container-engine", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class ContainerEngineMojo extends AbstractMojo {

    static final String JIB_DOCKER_EXECUTABLE = "jib.dockerClient.executable";
    private static final long INFO_TIMEOUT_SECONDS = 15;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Override
    public void execute() throws MojoExecutionException {
        if (!asksForDockerBuild(session.getGoals())) {
            return;
        }
        if (session.getUserProperties().getProperty(JIB_DOCKER_EXECUTABLE) != null
                || project.getProperties().getProperty(JIB_DOCKER_EXECUTABLE) != null) {
            getLog().info("container engine: " + JIB_DOCKER_EXECUTABLE + " is set, Jib uses it");
            return;
        }
        ContainerEngine.Choice choice;
        try {
            choice = new ContainerEngine(System.getenv("PATH"), ContainerEngineMojo::engineAnswers)
                    .choose(System.getenv("PLATFORM_ENGINE"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        choice.executable().ifPresent(path -> project.getProperties().setProperty(JIB_DOCKER_EXECUTABLE, path.toString()));
        getLog().info("container engine for jib:dockerBuild: " + choice.reason()
                + choice.executable().map(path -> ", " + path).orElse(""));
    }

    /** True when one of the goals on the command line is jib's dockerBuild. */
    static boolean asksForDockerBuild(List<String> goals) {
        return goals.stream().anyMatch(goal -> goal.equals("jib:dockerBuild") || goal.endsWith(":dockerBuild")
                && goal.contains("jib"));
    }

    private static boolean engineAnswers(Path client) {
        try {
            Process info = new ProcessBuilder(client.toString(), "info")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!info.waitFor(INFO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                info.destroyForcibly();
                return false;
            }
            return info.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
