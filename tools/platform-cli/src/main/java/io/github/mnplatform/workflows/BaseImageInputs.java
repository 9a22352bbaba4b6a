package io.github.mnplatform.workflows;

import io.github.mnplatform.core.PomDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The tracked files a base image is built from, derived rather than listed: the workflow itself,
 * the scripts (every file under {@code scripts/} but their tests: which of them a build runs would
 * take a shell parser to tell, and one more run of the workflow costs less than a stale base),
 * the Maven Wrapper with {@code .mvn/}, and on the Maven side the base image's POM with its
 * parents and every reactor module it uses (dependency, import, plugin dependency, tile, and what
 * a tile's {@code tile.xml} uses in turn, such as a plugin the tile binds), recursively.
 */
final class BaseImageInputs {

    /** The POM that builds the base image: scripts/build-base.sh runs ./mvnw -f base-image/pom.xml. */
    static final String BASE_POM = "base-image/pom.xml";
    private static final String SCRIPT_TESTS = "scripts/test/";

    private final Path repo;
    private final GitIndex index;
    private final SortedSet<String> files = new TreeSet<>();
    /** "path" for a POM read as a parent, "path/" for one read with its module's directory. */
    private final Set<String> visitedPoms = new HashSet<>();
    private final Map<String, String> moduleDirByArtifactId = new HashMap<>();
    private String reactorGroupId;

    private BaseImageInputs(Path repo, GitIndex index) {
        this.repo = repo;
        this.index = index;
    }

    static SortedSet<String> derive(Path repo, GitIndex index, Workflow workflow, String basePom) throws IOException {
        BaseImageInputs inputs = new BaseImageInputs(repo, index);
        inputs.readReactor();
        Path file = workflow.file.toAbsolutePath().normalize();
        if (file.startsWith(repo)) {
            inputs.files.add(slashes(repo.relativize(file)));
        }
        for (String tool : List.of("scripts", ".mvn")) {
            for (String path : index.filesUnder(tool)) {
                if (!path.startsWith(SCRIPT_TESTS)) {
                    inputs.files.add(path);
                }
            }
        }
        if (index.contains("mvnw")) {
            inputs.files.add("mvnw");
        }
        inputs.addPom(basePom, true);
        return inputs.files;
    }

    private void readReactor() throws IOException {
        Element root = parse("pom.xml");
        reactorGroupId = text(child(root, "groupId"));
        for (Element module : children(child(root, "modules"), "module")) {
            String dir = normalize("", text(module));
            Element pom = parse(dir + "/pom.xml");
            moduleDirByArtifactId.put(text(child(pom, "artifactId")), dir);
        }
    }

    /** A POM, its parents, and the reactor modules it uses; WITH_DIRECTORY: also its module's other files. */
    private void addPom(String pomPath, boolean withDirectory) throws IOException {
        if (pomPath == null || !index.contains(pomPath) || !visitedPoms.add(withDirectory ? pomPath + "/" : pomPath)) {
            return;
        }
        files.add(pomPath);
        String dir = pomPath.contains("/") ? pomPath.substring(0, pomPath.lastIndexOf('/')) : "";
        if (withDirectory) {
            for (String f : index.filesUnder(dir)) {
                if (!inOtherModule(f, dir)) {
                    files.add(f);
                }
            }
        }
        Element project = parse(pomPath);
        String tileXml = dir.isEmpty() ? "tile.xml" : dir + "/tile.xml";
        if (withDirectory && index.contains(tileXml)) {
            addReferencedModules(parse(tileXml));
        }
        Element parent = child(project, "parent");
        if (parent != null) {
            Element relativePath = child(parent, "relativePath");
            String relative = relativePath == null ? "../pom.xml" : text(relativePath);
            if (!relative.isEmpty()) {
                addPom(normalize(dir, relative.endsWith(".xml") ? relative : relative + "/pom.xml"), false);
            }
        }
        addReferencedModules(project);
    }

    /** The reactor modules a POM (or tile.xml) names as dependency, plugin or tile. */
    private void addReferencedModules(Element project) throws IOException {
        List<String[]> references = new ArrayList<>();
        for (String element : List.of("dependency", "plugin")) {
            NodeList nodes = project.getElementsByTagName(element);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                references.add(new String[] {text(child(e, "groupId")), text(child(e, "artifactId"))});
            }
        }
        NodeList tiles = project.getElementsByTagName("tile");
        for (int i = 0; i < tiles.getLength(); i++) {
            references.add(text((Element) tiles.item(i)).split(":"));
        }
        for (String[] ref : references) {
            if (ref.length >= 2 && isReactorGroup(ref[0]) && moduleDirByArtifactId.containsKey(ref[1])) {
                addPom(moduleDirByArtifactId.get(ref[1]) + "/pom.xml", true);
            }
        }
    }

    private boolean isReactorGroup(String groupId) {
        // @project.groupId@: a tile.xml, filtered when the tile is built.
        return groupId.equals(reactorGroupId) || groupId.equals("${project.groupId}") || groupId.equals("${project.parent.groupId}")
                || groupId.equals("@project.groupId@");
    }

    /** True when FILE belongs to a reactor module nested inside DIR (it is that module's, not DIR's). */
    private boolean inOtherModule(String file, String dir) {
        for (String module : moduleDirByArtifactId.values()) {
            if (!module.equals(dir) && (dir.isEmpty() || module.startsWith(dir + "/")) && file.startsWith(module + "/")) {
                return true;
            }
        }
        return false;
    }

    private Element parse(String pomPath) throws IOException {
        try {
            return PomDocument.parse(Files.readString(repo.resolve(pomPath), StandardCharsets.UTF_8)).root();
        } catch (IllegalArgumentException e) {
            throw new IOException(pomPath + ": not a readable POM: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        return parent == null ? null : PomDocument.child(parent, name).orElse(null);
    }

    private static List<Element> children(Element parent, String name) {
        return parent == null ? List.of() : PomDocument.children(parent, name);
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }

    /** DIR/PATH normalised, '/' separated; null when it leaves the repository. */
    private static String normalize(String dir, String path) {
        Path p = Path.of(dir).resolve(path).normalize();
        String s = slashes(p);
        return s.startsWith("..") || p.isAbsolute() ? null : s;
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
