package io.github.mnplatform.maven;

import io.github.mnplatform.core.BaseJarList;
import io.github.mnplatform.core.PlatformVersion;
import io.github.mnplatform.core.PomDocument;
import io.github.mnplatform.core.ReleaseRecipes;
import io.github.mnplatform.core.TemplateProvenance;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.w3c.dom.Element;

/**
 * Moves a service to another platform version: {@code ./mvnw
 * io.github.mnplatform:platform-maven-plugin:VERSION:update}. It renders the service template at
 * the service's template version and at VERSION with the answers the service recorded
 * (.platform-template.properties), merges the template's change to each managed file into
 * the service (three-way, {@link ManagedFileMerge}), moves {@code platform.version} and records
 * the new template version, then runs the OpenRewrite recipes of every platform version crossed
 * (platform-recipes, by rewrite-maven-plugin in a child Maven). Conflicts are written with the
 * usual markers, listed, and fail the goal; nothing of the service's own is lost. What changed is
 * listed in target/platform-update/result.txt, one "OUTCOME FILE" per line, for scripts to
 * report; the child Mavens' logs are kept beside it.
 */
@Mojo(name = "update", requiresProject = true, threadSafe = true)
public class UpdateMojo extends PlatformArtifactsMojo {

    static final String MANAGED_FILES = "META-INF/mnplatform/managed-files.txt";
    private static final String TEMPLATE = "service-template";
    private static final String RECIPES = "platform-recipes";
    static final String OUTPUT = "target/platform-update";
    static final String RESULT = OUTPUT + "/result.txt";

    /** The platform version to move to; the plugin's own by default. */
    @Parameter(property = "platform.update.to", defaultValue = "${plugin.version}", required = true)
    private String to;

    /** Show what would change and write nothing. */
    @Parameter(property = "platform.update.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path service = project.getBasedir().toPath();
        Path pomFile = project.getFile().toPath();
        TemplateProvenance provenance = provenance(service);
        String from = provenance.templateVersion();
        if (PlatformVersion.ORDER.compare(to, from) < 0) {
            throw refused("the target version " + to + " is older than the service's template version " + from
                    + " (" + TemplateProvenance.FILE + "): the update moves forward only. Fix: name a version of " + from
                    + " or later with -Dplatform.update.to=");
        }
        PomDocument pom = PomDocument.parse(read(pomFile));
        Element versionProperty = PomDocument.path(pom.root(), "properties", "platform.version").orElseThrow(() -> refused(
                "pom.xml has no <properties><platform.version>: not a service on the platform"));
        String currentVersion = versionProperty.getTextContent().trim();
        if (PlatformVersion.ORDER.compare(to, currentVersion) < 0) {
            throw refused("the target version " + to + " is older than the service's platform.version " + currentVersion
                    + " (pom.xml): the update moves forward only. Fix: name a version of " + currentVersion
                    + " or later with -Dplatform.update.to=");
        }
        // First: a run after a failed one (the tree holds its half) must not take itself for done.
        requireCleanWorkingTree(service);
        if (to.equals(from) && to.equals(currentVersion)) {
            getLog().info("the service is on the platform " + to + " already: nothing to do");
            return;
        }

        String groupId = plugin.getGroupId();
        Path toTemplate = resolve(TEMPLATE, "jar", to);
        Path fromTemplate = resolve(TEMPLATE, "jar", from);
        Set<String> managed = new LinkedHashSet<>(managedFiles(fromTemplate));
        managed.addAll(managedFiles(toTemplate));
        Path platformPom = resolve("platform", "pom", to);
        String archetypePlugin = platformProperty(platformPom, "maven-archetype-plugin.version");
        String rewritePlugin = platformProperty(platformPom, "rewrite-maven-plugin.version");
        List<String> recipes = releaseRecipes(resolve(RECIPES, "jar", to), from);
        Path output = service.resolve(OUTPUT);

        Path work = createTempDirectory();
        try {
            Files.createDirectories(output);
            Path target = render(work.resolve("to"), output, groupId, to, provenance, archetypePlugin);
            Optional<Path> base = provenance.origin().equals(TemplateProvenance.MADE)
                    ? Optional.of(render(work.resolve("from"), output, groupId, from, provenance, archetypePlugin))
                    : Optional.empty();
            List<ManagedFileMerge.Change> changes = ManagedFileMerge.plan(base, target, service, managed,
                    new String[] {"template " + from, "template " + to});
            report(changes, currentVersion, recipes);
            if (dryRun) {
                getLog().info("dry run: nothing was written");
                return;
            }
            ManagedFileMerge.apply(target, service, changes);
            versionProperty.setTextContent(to);
            Files.writeString(pomFile, pom.text(), StandardCharsets.UTF_8);
            new TemplateProvenance(provenance.template(), to, TemplateProvenance.MADE, provenance.answers()).write(service);
            List<String> result = new ArrayList<>();
            changes.stream().filter(c -> c.outcome() != ManagedFileMerge.Outcome.UNCHANGED)
                    .forEach(c -> result.add(c.outcome().name().toLowerCase(Locale.ROOT) + " " + c.file()));
            Path resultFile = service.resolve(RESULT);
            Files.write(resultFile, result, StandardCharsets.UTF_8);
            if (!recipes.isEmpty()) {
                runRecipes(service, output, recipes, rewritePlugin).forEach(file -> result.add("recipe " + file));
                Files.write(resultFile, result, StandardCharsets.UTF_8);
            }
            List<String> conflicts = changes.stream().filter(c -> c.outcome() == ManagedFileMerge.Outcome.CONFLICT)
                    .map(ManagedFileMerge.Change::file).toList();
            if (!conflicts.isEmpty()) {
                throw new MojoFailureException("the template's change to " + conflicts + " conflicts with the service's own"
                        + " edits: resolve the conflict markers in these files, then ./mvnw verify and commit."
                        + " git diff shows every change of the update; git checkout . && git clean -fd undoes it.");
            }
            getLog().info("moved to the platform " + to + ": review with git diff, then ./mvnw verify and commit");
        } catch (IOException e) {
            throw new MojoExecutionException("the update to " + to + " failed: " + e.getMessage()
                    + ". git checkout . && git clean -fd undoes what it wrote.", e);
        } finally {
            deleteTree(work);
        }
    }

    private TemplateProvenance provenance(Path service) throws MojoFailureException {
        if (!Files.isRegularFile(service.resolve(TemplateProvenance.FILE))) {
            throw refused("no " + TemplateProvenance.FILE + " in " + service + ": the update needs the template version and"
                    + " the answers the service was made with. A service the template makes has it; for a Micronaut Launch"
                    + " project run platform:migrate; for another service write it as the platform's"
                    + " docs/reference/archetype.md (\"Provenance\") shows");
        }
        try {
            return TemplateProvenance.read(service);
        } catch (IOException e) {
            throw refused(e.getMessage());
        }
    }

    /** The update writes into the working tree: it must be clean, so that git shows and undoes exactly its change. */
    private void requireCleanWorkingTree(Path service) throws MojoFailureException {
        String status;
        try {
            status = git(service, "status", "--porcelain", "--untracked-files=normal").strip();
        } catch (GitUnavailable e) {
            throw refused(e.getMessage());
        } catch (IOException e) {
            throw refused(service + " is not a git working tree (" + e.getMessage() + "): the update writes into the service"
                    + " and git is how it is reviewed and undone. Fix: git init and commit the service first");
        }
        if (!status.isEmpty()) {
            throw refused("the working tree of " + service + " has changes (git status: " + status.lines().limit(5).toList()
                    + "): commit or stash them first, so that the update's change can be reviewed and undone alone");
        }
    }

    /** git ARGS in DIR: its output; an IOException, with git's message, when it cannot run or fails. */
    private static String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git;
        try {
            git = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new GitUnavailable("git cannot run (" + e.getMessage() + "): the update needs git to merge and to check"
                    + " the working tree. Fix: install git");
        }
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (git.waitFor() != 0) {
                throw new IOException(output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return output;
    }

    /** The template rendered with the service's answers at VERSION, by the archetype plugin in a child Maven. */
    private Path render(Path dir, Path output, String groupId, String version, TemplateProvenance provenance,
            String archetypePlugin) throws IOException, MojoExecutionException {
        Files.createDirectories(dir);
        Map<String, String> properties = new LinkedHashMap<>(Map.of("archetypeGroupId", groupId,
                "archetypeArtifactId", TEMPLATE, "archetypeVersion", version, "platformVersion", version,
                "interactiveMode", "false"));
        properties.putAll(provenance.answers());
        runMaven(dir, output.resolve("template-" + version + ".log"), "org.apache.maven.plugins:maven-archetype-plugin:" + archetypePlugin
                + ":generate", properties, "the service template " + version + " did not render with the service's answers");
        return dir.resolve(provenance.answers().get("artifactId"));
    }

    /**
     * Runs the release recipes on the service; the files they changed, '/' separated. runNoFork:
     * the recipes edit sources as they are, and the build that checks them (enforcer rules of
     * the new tiles, say) must not run before they have.
     */
    private List<String> runRecipes(Path service, Path output, List<String> recipes, String rewritePlugin)
            throws IOException, MojoExecutionException {
        getLog().info("running the recipes of the versions crossed: " + String.join(", ", recipes));
        Map<String, String> before = fingerprint(service);
        runMaven(service, output.resolve("recipes.log"), "org.openrewrite.maven:rewrite-maven-plugin:" + rewritePlugin + ":runNoFork",
                Map.of("rewrite.recipeArtifactCoordinates", plugin.getGroupId() + ":" + RECIPES + ":" + to,
                        "rewrite.activeRecipes", String.join(",", recipes)),
                "the recipes " + recipes + " failed; the template's change is in place. git checkout . && git clean -fd"
                        + " undoes the update; then run it again");
        Map<String, String> after = fingerprint(service);
        Set<String> files = new TreeSet<>(before.keySet());
        files.addAll(after.keySet());
        List<String> changed = files.stream().filter(file -> !Objects.equals(before.get(file), after.get(file))).toList();
        changed.forEach(file -> getLog().info("  recipe: " + file));
        return changed;
    }

    /** Maven (the one running this goal) in DIR with GOAL and PROPERTIES, the same repository, settings and offline mode. */
    private void runMaven(Path dir, Path log, String goal, Map<String, String> properties, String failure)
            throws IOException, MojoExecutionException {
        String mvn = System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", mvn).toString(),
                "-B", "-Dmaven.repo.local=" + session.getRepositorySession().getLocalRepository().getBasedir()));
        if (session.isOffline()) {
            command.add("-o");
        }
        File settings = session.getRequest().getUserSettingsFile();
        if (settings != null && settings.isFile()) {
            command.addAll(List.of("-s", settings.toString()));
        }
        command.add(goal);
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        try {
            Process maven = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (maven.waitFor() != 0) {
                List<String> lines = Files.readAllLines(log);
                List<String> errors = lines.stream().filter(line -> line.startsWith("[ERROR]")).limit(20).toList();
                throw new MojoExecutionException(failure + " (the whole log: " + log + "):\n" + String.join("\n",
                        errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 20), lines.size()) : errors));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Each file git would show in the service (tracked, or new and not ignored) and the SHA-256 of its bytes. */
    private static Map<String, String> fingerprint(Path service) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : git(service, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")) {
            Path path = service.resolve(file);
            if (!file.isEmpty() && Files.isRegularFile(path)) {
                files.put(file, BaseJarList.sha256(path));
            }
        }
        return files;
    }

    /** The recipe names of the versions FROM (excluded) to the target (included) that platform-recipes holds. */
    private List<String> releaseRecipes(Path recipesJar, String from) throws MojoExecutionException {
        try (ZipFile jar = new ZipFile(recipesJar.toFile())) {
            List<String> versions = jar.stream().map(entry -> ReleaseRecipes.versionOf(entry.getName()))
                    .flatMap(Optional::stream).toList();
            return ReleaseRecipes.crossed(from, to, versions).stream().map(ReleaseRecipes::name).toList();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + recipesJar + ": " + e.getMessage(), e);
        }
    }

    private void report(List<ManagedFileMerge.Change> changes, String currentVersion, List<String> recipes) {
        getLog().info("platform.version " + currentVersion + " -> " + to);
        for (ManagedFileMerge.Change change : changes) {
            if (change.outcome() != ManagedFileMerge.Outcome.UNCHANGED) {
                getLog().info("  " + change.outcome().name().toLowerCase(Locale.ROOT) + ": " + change.file());
            }
        }
        getLog().info("recipes of the versions crossed: " + (recipes.isEmpty() ? "none" : String.join(", ", recipes)));
    }

    static List<String> managedFiles(Path templateJar) throws MojoExecutionException {
        try (ZipFile jar = new ZipFile(templateJar.toFile())) {
            var entry = jar.getEntry(MANAGED_FILES);
            if (entry == null) {
                return List.of();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + templateJar + ": " + e.getMessage(), e);
        }
    }

    /** A version the platform's root POM pins, such as the plugins the update runs. */
    private static String platformProperty(Path platformPom, String name) throws MojoExecutionException {
        return PomDocument.path(PomDocument.parse(read(platformPom)).root(), "properties")
                .map(properties -> PomDocument.childText(properties, name)).filter(value -> !value.isBlank())
                .orElseThrow(() -> new MojoExecutionException(platformPom + " has no " + name));
    }

    private Path resolve(String artifactId, String extension, String version) throws MojoFailureException {
        return resolvePlatform(artifactId, extension, version, "name a released platform version, or install it."
                + " Nothing was changed.");
    }

    /** git itself is missing, as opposed to a git command that failed. */
    private static final class GitUnavailable extends IOException {
        private static final long serialVersionUID = 1L;

        GitUnavailable(String message) {
            super(message);
        }
    }

    private static MojoFailureException refused(String message) {
        return new MojoFailureException(message + ". Nothing was changed.");
    }

    private static Path createTempDirectory() throws MojoExecutionException {
        try {
            return Files.createTempDirectory("platform-update");
        } catch (IOException e) {
            throw new MojoExecutionException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind harms nothing.
        }
    }
}
