package io.github.mnplatform.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bench's own setup of a generated service's POM: the extra dependencies of a varied
 * service, and the two Maven profiles that turn the platform's Jib setup into plain Jib
 * ({@code bench-plain}: no platform extension) or a single application layer
 * ({@code bench-fat}: Jib's layer-filter extension). Bench only; services never get them.
 */
final class BenchSetup {

    /** The project's dependencies element as the template writes it: two spaces in. */
    private static final String PROJECT_DEPENDENCIES = "\n  <dependencies>\n";

    private BenchSetup() {
    }

    /**
     * @param pom the service's pom.xml as the template generated it
     * @param extras extra dependencies as {@code groupId:artifactId:version}, or {@code groupId:artifactId}
     *               for the version the platform's BOM manages
     */
    static String apply(String pom, List<String> extras) {
        if (!pom.contains("  <build>") || !pom.contains("</project>")) {
            throw new IllegalArgumentException("not a POM from the service template: it has no '  <build>' or '</project>'");
        }
        String result = pom;
        if (!extras.isEmpty()) {
            StringBuilder dependencies = new StringBuilder();
            for (String extra : extras) {
                String[] gav = extra.split(":");
                if (gav.length != 2 && gav.length != 3) {
                    throw new IllegalArgumentException("extra dependency '" + extra
                            + "' is not groupId:artifactId:version or groupId:artifactId");
                }
                dependencies.append("    <dependency><groupId>").append(gav[0]).append("</groupId><artifactId>")
                        .append(gav[1]).append("</artifactId>");
                if (gav.length == 3) {
                    dependencies.append("<version>").append(gav[2]).append("</version>");
                }
                dependencies.append("</dependency>\n");
            }
            // The project's own <dependencies> (a service with features has one), else a new one.
            int own = result.indexOf(PROJECT_DEPENDENCIES);
            if (own >= 0) {
                int at = own + PROJECT_DEPENDENCIES.length();
                result = result.substring(0, at) + dependencies + result.substring(at);
            } else {
                int build = result.indexOf("  <build>");
                result = result.substring(0, build) + PROJECT_DEPENDENCIES + dependencies + "  </dependencies>\n\n"
                        + result.substring(build);
            }
        }
        int end = result.lastIndexOf("</project>");
        return result.substring(0, end) + profiles() + result.substring(end);
    }

    private static String profiles() {
        try (InputStream in = BenchSetup.class.getResourceAsStream("bench-profiles.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
