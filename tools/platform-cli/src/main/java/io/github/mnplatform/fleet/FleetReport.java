package io.github.mnplatform.fleet;

import io.github.mnplatform.core.PlatformVersion;
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
    private static final Pattern FRACTION = Pattern.compile("\\d*\\.?\\d+");
    /** --suggest without --min-share: jars that half the services run. */
    static final double DEFAULT_MIN_SHARE = 0.5;

    /** The command line, checked. */
    record Options(String registry, String org, boolean json, Optional<Path> html, Optional<Coordinate> with,
            Optional<Path> repositories, boolean suggest, double minShare, Optional<String> rebase, boolean dryRun) {

        static Options parse(List<String> args, String defaultOrg) {
            String registry = null;
            String org = defaultOrg;
            boolean json = false;
            Optional<Path> html = Optional.empty();
            Optional<Coordinate> with = Optional.empty();
            Optional<Path> repositories = Optional.empty();
            boolean suggest = false;
            Optional<Double> minShare = Optional.empty();
            Optional<String> rebase = Optional.empty();
            boolean dryRun = false;
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                if (option.equals("--json")) {
                    json = true;
                    continue;
                }
                if (option.equals("--suggest")) {
                    suggest = true;
                    continue;
                }
                if (option.equals("--dry-run")) {
                    dryRun = true;
                    continue;
                }
                if (!List.of("--registry", "--org", "--html", "--with", "--repositories", "--min-share", "--rebase")
                        .contains(option)) {
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
                    case "--min-share" -> minShare = Optional.of(share(value));
                    case "--rebase" -> rebase = Optional.of(version(value));
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
            if (minShare.isPresent() && !suggest) {
                throw new UsageException("--min-share goes with --suggest: it is the share of services a jar to share runs in");
            }
            if (suggest && with.isPresent()) {
                throw new UsageException("--with and --suggest are two views: use one of them");
            }
            if (dryRun && rebase.isEmpty()) {
                throw new UsageException("--dry-run goes with --rebase: it shows what the rebase would write");
            }
            if (rebase.isPresent() && (suggest || with.isPresent() || json || html.isPresent())) {
                throw new UsageException("--rebase writes images and prints what it did: not with --suggest, --with,"
                        + " --json or --html");
            }
            return new Options(registry, org, json, html, with, repositories, suggest, minShare.orElse(DEFAULT_MIN_SHARE),
                    rebase, dryRun);
        }

        /** A platform version to rebase onto. */
        static String version(String value) {
            if (!PlatformVersion.isVersion(value)) {
                throw new UsageException("--rebase '" + value + "': give a platform version, e.g. 0.2.1");
            }
            return value;
        }

        /** A share of the services: a fraction greater than 0 and at most 1. */
        static double share(String value) {
            if (FRACTION.matcher(value).matches()) {
                double share = Double.parseDouble(value);
                if (share > 0 && share <= 1) {
                    return share;
                }
            }
            throw new UsageException("--min-share '" + value + "': give the share of services as a fraction greater"
                    + " than 0 and at most 1, e.g. 0.5 for half of them or 1 for all");
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
            if (options.rebase().isPresent()) {
                List<Rebase.Outcome> outcomes = new Rebase(registry, options.org(), paths,
                        message -> err.println("fleet: " + message)).run(repositories, options.rebase().get(),
                        options.dryRun(), outcome -> out.print(outcome.line()));
                long failed = outcomes.stream().filter(o -> o.kind() == Rebase.Outcome.Kind.FAILED).count();
                if (failed > 0) {
                    error(err, environment, failed + " image" + (failed == 1 ? "" : "s") + " could not be rebased:"
                            + " run again to finish");
                    return 1;
                }
                return 0;
            }
            Fleet fleet = new Fleet(registry, options.org(), paths, message -> err.println("fleet: " + message));
            if (options.suggest()) {
                Suggestions suggestions = fleet.suggest(repositories, options.minShare());
                out.print(options.json() ? suggestions.json() : suggestions.text());
                if (options.html().isPresent()) {
                    Files.writeString(options.html().get(), suggestions.html(), StandardCharsets.UTF_8);
                    err.println("fleet: wrote " + options.html().get());
                }
                return 0;
            }
            Report report = fleet.read(repositories);
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
            error(err, environment, e.getMessage());
            err.println("fleet: run with --help for usage");
            return 2;
        } catch (FleetException e) {
            error(err, environment, e.getMessage());
            return 1;
        } catch (IOException e) {
            error(err, environment, e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** An error, in GitHub Actions also as an annotation, as the scripts write theirs (common.sh). */
    private static void error(PrintStream err, Map<String, String> environment, String message) {
        err.println("fleet: ERROR: " + message);
        if ("true".equals(environment.get("GITHUB_ACTIONS"))) {
            err.println("::error::fleet: " + message);
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
