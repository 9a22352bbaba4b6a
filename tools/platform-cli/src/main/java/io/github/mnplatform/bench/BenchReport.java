package io.github.mnplatform.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of bench/run.sh: the medians of its samples per way (platform, plain Jib, fat
 * layer), a table of them side by side, and the ratios as key=value lines.
 *
 * <p>The realistic fleet (services with feature tiles) is compared platform against plain Jib,
 * in a table of its own and under keys fleet_*: start-up also per feature set (metrics
 * {@code fleet_startup_s.SET}), memory as the total PSS of five services (or all) at once.
 *
 * <p>A runtime-only release (the same jars on a new runtime image) is compared two ways on the
 * platform: the varied services rebased ({@code fleet.sh --rebase}) against rebuilt
 * ({@code jib:build}), under keys rebase_* (metrics {@code runtime_rebase_*} and
 * {@code runtime_rebuild_*}).
 *
 * <p>Usage: {@code platform-cli bench-report SAMPLES WRK_OUTPUT SERVICES FLEET}, where SAMPLES
 * has one line {@code MODE METRIC VALUE} per measurement.
 */
public final class BenchReport {

    static final List<String> MODES = List.of("platform", "plain", "fat");

    /** The metrics in the table's order; a metric with several samples is reported by its median. */
    private static final List<String[]> METRICS = List.of(
            new String[] {"own", "own layers per service, median (bytes)"},
            new String[] {"pushed", "bytes pushed by a service's first build, median"},
            new String[] {"storage_varied", "registry storage, %s varied services + runtime (bytes)"},
            new String[] {"storage_same", "registry storage, %s identical services + runtime (bytes)"},
            new String[] {"change_pushed", "bytes pushed after a one-line change"},
            new String[] {"bump_pushed", "bytes pushed by a common-jar bump, %s varied services"},
            new String[] {"first_build_s", "first build wall time, median (s)"},
            new String[] {"change_build_s", "build after a one-line change, median (s)"},
            new String[] {"startup_s", "container start to first 200, median (s)"},
            new String[] {"rss", "RSS after start (bytes)"});

    static final List<String> FLEET_MODES = List.of("platform", "plain");
    /** The fleet's metrics, platform and plain Jib. */
    private static final List<String[]> FLEET_METRICS = List.of(
            new String[] {"fleet_own", "own layers per service, median (bytes)"},
            new String[] {"fleet_storage", "registry storage, %s services + runtime (bytes)"},
            new String[] {"fleet_bump_pushed", "bytes pushed by a common-jar bump, base included"},
            new String[] {"fleet_startup_s", "container start to first 200, median (s)"},
            new String[] {"fleet_pss", "total PSS, five services (or all) at once (bytes)"});
    private static final String FLEET_STARTUP_PREFIX = "fleet_startup_s.";

    /** A runtime-only release, platform only: each metric rebased and rebuilt. */
    private static final List<String[]> RUNTIME_METRICS = List.of(
            new String[] {"s", "wall time, all of them (s)"},
            new String[] {"pushed", "bytes pushed"});

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: platform-cli bench-report SAMPLES WRK_OUTPUT SERVICES FLEET");
            System.exit(2);
        }
        Map<String, Map<String, Double>> medians = medians(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
        WrkResult load = WrkResult.parse(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        print(medians, load, args[2], System.out);
        printFleet(medians, args[3], System.out);
        printRuntimeRelease(medians, args[2], System.out);
    }

    /** The median of each mode's samples of each metric, to three decimals. */
    static Map<String, Map<String, Double>> medians(List<String> sampleLines) {
        Map<String, Map<String, List<Double>>> samples = new HashMap<>();
        for (String line : sampleLines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length != 3 || !MODES.contains(fields[0])) {
                throw new IllegalArgumentException("sample line '" + line + "' is not: MODE METRIC VALUE, MODE one of " + MODES);
            }
            samples.computeIfAbsent(fields[0], mode -> new HashMap<>())
                    .computeIfAbsent(fields[1], metric -> new ArrayList<>())
                    .add(Double.parseDouble(fields[2]));
        }
        Map<String, Map<String, Double>> medians = new HashMap<>();
        samples.forEach((mode, metrics) -> metrics.forEach((metric, values) ->
                medians.computeIfAbsent(mode, key -> new HashMap<>()).put(metric, Math.round(median(values) * 1000) / 1000.0)));
        return medians;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** a / b to two decimals; 0 when b is 0. */
    static double ratio(double a, double b) {
        return b == 0 ? 0 : Math.round(a / b * 100) / 100.0;
    }

    static void print(Map<String, Map<String, Double>> medians, WrkResult load, String services, PrintStream out) {
        for (String mode : MODES) {
            for (String[] metric : METRICS) {
                if (!medians.getOrDefault(mode, Map.of()).containsKey(metric[0])) {
                    throw new IllegalArgumentException("no sample of " + metric[0] + " for " + mode);
                }
            }
        }
        out.printf(Locale.ROOT, "%-58s %14s %14s %14s%n", "", "platform", "plain Jib", "fat layer");
        for (String[] metric : METRICS) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-58s", String.format(metric[1], services)));
            String format = metric[0].endsWith("_s") ? "%,14.3f" : "%,14.0f";
            for (String mode : MODES) {
                row.append(' ').append(String.format(Locale.ROOT, format, medians.get(mode).get(metric[0])));
            }
            out.println(row);
        }
        Map<String, Double> p = medians.get("platform");
        Map<String, Double> j = medians.get("plain");
        Map<String, Double> f = medians.get("fat");
        out.println();
        out.println("services=" + services);
        out.println("own_bytes_ratio=" + ratio(j.get("own"), p.get("own")));
        out.println("own_bytes_ratio_fat=" + ratio(f.get("own"), p.get("own")));
        out.println("storage_ratio=" + ratio(j.get("storage_varied"), p.get("storage_varied")));
        out.println("storage_ratio_fat=" + ratio(f.get("storage_varied"), p.get("storage_varied")));
        out.println("storage_ratio_identical=" + ratio(j.get("storage_same"), p.get("storage_same")));
        out.println("change_pushed_platform=" + Math.round(p.get("change_pushed")));
        out.println("bump_pushed_ratio=" + ratio(j.get("bump_pushed"), p.get("bump_pushed")));
        out.println("first_build_time_ratio=" + ratio(j.get("first_build_s"), p.get("first_build_s")));
        out.println("startup_s_platform=" + p.get("startup_s"));
        out.println("startup_ratio=" + ratio(p.get("startup_s"), j.get("startup_s")));
        out.println("load_requests_per_s=" + load.requestsPerSecond());
        out.println("load_p99=" + load.p99());
        out.println("load_errors=" + load.errors());
    }

    static void printFleet(Map<String, Map<String, Double>> medians, String fleet, PrintStream out) {
        for (String mode : FLEET_MODES) {
            for (String[] metric : FLEET_METRICS) {
                if (!medians.getOrDefault(mode, Map.of()).containsKey(metric[0])) {
                    throw new IllegalArgumentException("no sample of " + metric[0] + " for " + mode);
                }
            }
        }
        Map<String, Double> p = medians.get("platform");
        Map<String, Double> j = medians.get("plain");
        List<String> sets = p.keySet().stream().filter(metric -> metric.startsWith(FLEET_STARTUP_PREFIX)).sorted().toList();
        out.println();
        out.printf(Locale.ROOT, "%-58s %14s %14s%n", "realistic fleet (" + fleet + " services)", "platform", "plain Jib");
        for (String[] metric : FLEET_METRICS) {
            out.println(fleetRow(String.format(metric[1], fleet), metric[0], p, j));
        }
        for (String set : sets) {
            out.println(fleetRow("  start to first 200, " + set.substring(FLEET_STARTUP_PREFIX.length()) + " (s)", set, p, j));
        }
        out.println();
        out.println("fleet_services=" + fleet);
        out.println("fleet_own_bytes_median=" + Math.round(p.get("fleet_own")));
        out.println("fleet_own_bytes_ratio=" + ratio(j.get("fleet_own"), p.get("fleet_own")));
        out.println("fleet_storage_ratio=" + ratio(j.get("fleet_storage"), p.get("fleet_storage")));
        out.println("fleet_bump_pushed_ratio=" + ratio(j.get("fleet_bump_pushed"), p.get("fleet_bump_pushed")));
        out.println("fleet_startup_ratio=" + ratio(p.get("fleet_startup_s"), j.get("fleet_startup_s")));
        for (String set : sets) {
            out.println("fleet_startup_ratio." + set.substring(FLEET_STARTUP_PREFIX.length()) + "="
                    + ratio(p.get(set), j.getOrDefault(set, 0.0)));
        }
        out.println("fleet_pss_ratio=" + ratio(p.get("fleet_pss"), j.get("fleet_pss")));
        if (p.containsKey("fleet_pss_no_relocation")) {
            out.println("fleet_pss_ratio_no_relocation=" + ratio(p.get("fleet_pss_no_relocation"), j.get("fleet_pss")));
        }
    }

    private static String fleetRow(String label, String metric, Map<String, Double> p, Map<String, Double> j) {
        String format = metric.startsWith("fleet_startup_s") ? "%,14.3f" : "%,14.0f";
        return String.format(Locale.ROOT, "%-58s " + format + " " + format, label, p.get(metric), j.getOrDefault(metric, 0.0));
    }

    static void printRuntimeRelease(Map<String, Map<String, Double>> medians, String services, PrintStream out) {
        Map<String, Double> p = medians.getOrDefault("platform", Map.of());
        for (String[] metric : RUNTIME_METRICS) {
            for (String way : List.of("rebase", "rebuild")) {
                if (!p.containsKey("runtime_" + way + "_" + metric[0])) {
                    throw new IllegalArgumentException("no sample of runtime_" + way + "_" + metric[0] + " for platform");
                }
            }
        }
        out.println();
        out.printf(Locale.ROOT, "%-58s %14s %14s%n", "runtime-only release (" + services + " varied services)", "rebased",
                "rebuilt");
        for (String[] metric : RUNTIME_METRICS) {
            String format = metric[0].equals("s") ? "%,14.3f" : "%,14.0f";
            out.printf(Locale.ROOT, "%-58s " + format + " " + format + "%n", metric[1], p.get("runtime_rebase_" + metric[0]),
                    p.get("runtime_rebuild_" + metric[0]));
        }
        out.println();
        out.println("rebase_s=" + p.get("runtime_rebase_s"));
        out.println("rebuild_s=" + p.get("runtime_rebuild_s"));
        out.println("rebase_time_ratio=" + ratio(p.get("runtime_rebase_s"), p.get("runtime_rebuild_s")));
        out.println("rebase_pushed_bytes=" + Math.round(p.get("runtime_rebase_pushed")));
        out.println("rebuild_pushed_bytes=" + Math.round(p.get("runtime_rebuild_pushed")));
    }
}
