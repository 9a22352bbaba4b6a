package io.github.mnplatform.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The entry point of scripts/fleet.sh (which documents the options). Results go to stdout,
 * progress and errors to stderr. Exit 0: the report is written; 1: it could not be made; 2:
 * a wrong command line.
 */
public final class FleetReport {

    private static final Pattern REGISTRY = Pattern.compile("(\\[[0-9a-fA-F:]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\\d{1,5})?");
    private static final Pattern ORG = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");

    /** The command line, checked. */
    record Options(String registry, String org, boolean json, Optional<Path> html, Optional<Coordinate> with,
            Optional<Path> repositories) {

        static Options parse(List<String> args, String defaultOrg) {
            String registry = null;
            String org = defaultOrg;
            boolean json = false;
            Optional<Path> html = Optional.empty();
            Optional<Coordinate> with = Optional.empty();
            Optional<Path> repositories = Optional.empty();
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                if (option.equals("--json")) {
                    json = true;
                    continue;
                }
                if (!List.of("--registry", "--org", "--html", "--with", "--repositories").contains(option)) {
                    throw new UsageException("unknown option: " + option);
                }
                if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
                    throw new UsageException(option + " needs a value");
                }
                String value = args.get(++i);
                switch (option) {
                    case "--registry" -> registry = value;
                    case "--org" -> org = value;
                    case "--html" -> html = Optional.of(Path.of(value));
                    case "--with" -> with = Optional.of(Coordinate.parse(value));
                    default -> repositories = Optional.of(Path.of(value));
                }
            }
            if (registry == null) {
                throw new UsageException("--registry HOST[:PORT] is needed");
            }
            if (!REGISTRY.matcher(registry).matches()) {
                throw new UsageException("--registry '" + registry + "': use HOST[:PORT], e.g. 127.0.0.1:5000 or ghcr.io"
                        + " (no scheme, no path)");
            }
            if (!ORG.matcher(org).matches()) {
                throw new UsageException("--org '" + org + "': use the organisation as it is in image names, e.g. acme");
            }
            return new Options(registry, org, json, html, with, repositories);
        }
    }

    private FleetReport() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, System.getenv()));
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> environment) {
        PlatformPaths paths = PlatformPaths.load();
        try {
            Options options = Options.parse(args, paths.org());
            Optional<List<String>> repositories = options.repositories().isEmpty() ? Optional.empty()
                    : Optional.of(readRepositoryList(options.repositories().get()));
            Registry registry = new Registry(options.registry(), environment);
            registry.check();
            Report report = new Fleet(registry, options.org(), paths, message -> err.println("fleet: " + message))
                    .read(repositories);
            if (options.with().isPresent()) {
                report = report.with(Fleet.running(report.images(), options.with().get()));
                err.println("fleet: " + report.images().size() + " image" + (report.images().size() == 1 ? " runs " : "s run ")
                        + options.with().get());
            }
            out.print(options.json() ? report.json(options.with()) : report.text(options.with()));
            if (options.html().isPresent()) {
                Files.writeString(options.html().get(), report.html(options.with()), StandardCharsets.UTF_8);
                err.println("fleet: wrote " + options.html().get());
            }
            return 0;
        } catch (UsageException e) {
            err.println("fleet: ERROR: " + e.getMessage());
            err.println("fleet: run with --help for usage");
            return 2;
        } catch (FleetException e) {
            err.println("fleet: ERROR: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("fleet: ERROR: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** One repository (ORG/NAME) a line; blank lines and # comments are skipped. */
    static List<String> readRepositoryList(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UsageException("--repositories " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
