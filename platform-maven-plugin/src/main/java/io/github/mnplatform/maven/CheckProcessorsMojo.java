package io.github.mnplatform.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;

/**
 * Fails the build before anything compiles when the compiler would run without an annotation
 * processor that one of the service's tiles declares (see {@link AnnotationProcessors}). The
 * Micronaut tile binds it; the processors each tile declares are read from that tile's own
 * tile.xml, so the list exists only there.
 *
 * <p>Why our own: no plugin compares a project's effective compiler configuration with the
 * configuration its tiles contributed.
 */
@Mojo(name = "check-processors", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckProcessorsMojo extends AbstractMojo {

    private static final String COMPILER_PLUGIN = "org.apache.maven.plugins:maven-compiler-plugin";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession repositorySession;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Map<String, List<String>> declaredByTile = new LinkedHashMap<>();
        for (String tile : ProjectTiles.of(project)) {
            List<String> processors = tileProcessors(tile);
            if (!processors.isEmpty()) {
                declaredByTile.put(tile, processors);
            }
        }
        Map<String, List<String>> pathsByExecution = new LinkedHashMap<>();
        Plugin compiler = project.getPlugin(COMPILER_PLUGIN);
        if (compiler != null) {
            for (PluginExecution execution : compiler.getExecutions()) {
                Xpp3Dom configuration = (Xpp3Dom) execution.getConfiguration();
                boolean compiles = execution.getGoals().contains("compile") || execution.getGoals().contains("testCompile");
                if (compiles && !processingOff(configuration)) {
                    pathsByExecution.put(execution.getId(), processorPaths(configuration));
                }
            }
        }
        var missing = AnnotationProcessors.missing(declaredByTile, pathsByExecution);
        if (missing.isPresent()) {
            throw new MojoFailureException(missing.get());
        }
        getLog().debug("annotation processors of the tiles, all in place: " + declaredByTile);
    }

    /** group:artifact of each annotation processor path in a tile's tile.xml. */
    private List<String> tileProcessors(String tile) throws MojoExecutionException {
        return PlatformTiles.processors(ProjectTiles.tileXml(tile, project, repositorySystem, repositorySession));
    }

    private static boolean processingOff(Xpp3Dom configuration) {
        Xpp3Dom proc = configuration == null ? null : configuration.getChild("proc");
        return proc != null && "none".equals(proc.getValue());
    }

    /** group:artifact of each path in a compiler configuration's annotationProcessorPaths. */
    private static List<String> processorPaths(Xpp3Dom configuration) {
        List<String> paths = new ArrayList<>();
        Xpp3Dom list = configuration == null ? null : configuration.getChild("annotationProcessorPaths");
        if (list != null) {
            for (Xpp3Dom path : list.getChildren("path")) {
                Xpp3Dom groupId = path.getChild("groupId");
                Xpp3Dom artifactId = path.getChild("artifactId");
                if (groupId != null && artifactId != null) {
                    paths.add(groupId.getValue().trim() + ":" + artifactId.getValue().trim());
                }
            }
        }
        return paths;
    }
}
