package io.github.mnplatform.bench;

import io.github.mnplatform.core.PomDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The bench's own setup of a generated service's POM: the extra dependencies of a varied
 * service, and the two Maven profiles that turn the platform's Jib setup into plain Jib
 * ({@code bench-plain}: no platform extension) or a single application layer
 * ({@code bench-fat}: Jib's layer-filter extension). Bench only; services never get them.
 */
public final class BenchSetup {

    private BenchSetup() {
    }

    /** {@code platform-cli bench-setup POM [GROUP:ARTIFACT[:VERSION]...]}: edits the POM in place. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: platform-cli bench-setup POM [GROUP:ARTIFACT[:VERSION]...]");
            System.exit(2);
        }
        Path pom = Path.of(args[0]);
        Files.writeString(pom, apply(Files.readString(pom, StandardCharsets.UTF_8), List.of(args).subList(1, args.length)),
                StandardCharsets.UTF_8);
    }

    /**
     * @param pomText the service's pom.xml as the template generated it
     * @param extras  extra dependencies as {@code groupId:artifactId:version}, or {@code groupId:artifactId}
     *                for the version the platform's BOM manages
     */
    static String apply(String pomText, List<String> extras) {
        PomDocument pom = PomDocument.parse(pomText);
        if (!pom.root().getTagName().equals("project") || PomDocument.child(pom.root(), "build").isEmpty()) {
            throw new IllegalArgumentException("not a POM from the service template: it has no <project> with a <build>");
        }
        for (String extra : extras) {
            String[] gav = extra.split(":");
            if (gav.length != 2 && gav.length != 3) {
                throw new IllegalArgumentException("extra dependency '" + extra
                        + "' is not groupId:artifactId:version or groupId:artifactId");
            }
            List<Element> parts = new ArrayList<>(List.of(pom.element("groupId", gav[0]), pom.element("artifactId", gav[1])));
            if (gav.length == 3) {
                parts.add(pom.element("version", gav[2]));
            }
            // The project's own <dependencies> (a service with features has one), else a new one.
            pom.insert(pom.topLevel("dependencies"), pom.element("dependency", parts.toArray(Element[]::new)), null);
        }
        pom.insert(pom.root(), pom.fragment(profiles()), null);
        return pom.text();
    }

    private static String profiles() {
        try (InputStream in = BenchSetup.class.getResourceAsStream("bench-profiles.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
