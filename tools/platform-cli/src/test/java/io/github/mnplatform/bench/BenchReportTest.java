package io.github.mnplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void theMedianOfAnOddAndOfAnEvenNumberOfSamples() {
        assertEquals(2.0, BenchReport.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, BenchReport.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(7.0, BenchReport.median(List.of(7.0)));
    }

    @Test
    void ratiosHaveTwoDecimalsAndZeroForNothingToCompareWith() {
        assertEquals(0.48, BenchReport.ratio(0.825, 1.727));
        assertEquals(13.77, BenchReport.ratio(16307358.5, 1184661.5));
        assertEquals(0.0, BenchReport.ratio(5, 0));
    }

    @Test
    void mediansArePerModeAndMetric() {
        var medians = BenchReport.medians(List.of("platform startup_s 0.9", "platform startup_s 0.8",
                "platform startup_s 0.7", "plain startup_s 1.7", "", "plain startup_s 1.8"));
        assertEquals(0.8, medians.get("platform").get("startup_s"));
        assertEquals(1.75, medians.get("plain").get("startup_s"));
    }

    @Test
    void aSampleLineOfAnotherShapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchReport.medians(List.of("docker startup_s 1")));
        assertThrows(IllegalArgumentException.class, () -> BenchReport.medians(List.of("platform startup_s")));
    }

    /** Samples like a run's: platform, plain and fat differ in every metric. */
    private static List<String> samples() {
        List<String> lines = new ArrayList<>();
        String[] metrics = {"own", "pushed", "storage_varied", "storage_same", "change_pushed", "bump_pushed",
            "first_build_s", "change_build_s", "startup_s", "rss"};
        double[][] values = {
            {1184661, 1191147, 80635650, 66846214, 28756, 15568247, 6.378, 5.88, 0.825, 141139968},
            {16307358, 16311609, 200852795, 50958917, 26866, 165406770, 5.503, 6.32, 1.727, 181362688},
            {16306831, 16310036, 200849469, 187041961, 15148755, 165613089, 5.65, 6.62, 1.84, 179261440}};
        for (int mode = 0; mode < 3; mode++) {
            for (int metric = 0; metric < metrics.length; metric++) {
                lines.add(BenchReport.MODES.get(mode) + " " + metrics[metric] + " " + values[mode][metric]);
            }
        }
        return lines;
    }

    @Test
    void theReportHasTheTableAndEveryKeyWithItsRatio() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.print(BenchReport.medians(samples()), new WrkResult("80619.86", "4.08ms", 0), "10",
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("container start to first 200, median (s)"), report);
        assertTrue(report.contains("registry storage, 10 varied services + runtime (bytes)"), report);
        assertTrue(report.contains("         0.825          1.727          1.840"), report);
        for (String line : List.of("services=10", "own_bytes_ratio=13.77", "storage_ratio=2.49", "storage_ratio_identical=0.76",
                "change_pushed_platform=28756", "bump_pushed_ratio=10.62", "first_build_time_ratio=0.86",
                "startup_s_platform=0.825", "startup_ratio=0.48", "load_requests_per_s=80619.86", "load_p99=4.08ms",
                "load_errors=0")) {
            assertTrue(report.contains("\n" + line + "\n"), line + " in:\n" + report);
        }
    }

    @Test
    void aMetricWithoutSamplesIsNamed() {
        List<String> lines = new ArrayList<>(samples());
        lines.removeIf(line -> line.startsWith("fat rss "));
        var error = assertThrows(IllegalArgumentException.class, () -> BenchReport.print(BenchReport.medians(lines),
                new WrkResult("1", "1ms", 0), "10", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals("no sample of rss for fat", error.getMessage());
    }

    @Test
    void theFleetHasItsTableItsKeysAndStartUpPerFeatureSet() {
        List<String> lines = new ArrayList<>(List.of(
                "platform fleet_own 600000", "platform fleet_own 700000", "plain fleet_own 27000000", "plain fleet_own 25000000",
                "platform fleet_storage 150000000", "plain fleet_storage 480000000",
                "platform fleet_bump_pushed 80000000", "plain fleet_bump_pushed 400000000",
                "platform fleet_startup_s 0.9", "plain fleet_startup_s 2.0",
                "platform fleet_startup_s.data-jdbc+flyway 0.9", "plain fleet_startup_s.data-jdbc+flyway 2.0",
                "platform fleet_startup_s.none 0.8", "plain fleet_startup_s.none 1.7",
                "platform fleet_pss 700000000", "plain fleet_pss 800000000", "platform fleet_pss_no_relocation 600000000"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.printFleet(BenchReport.medians(lines), "20", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("registry storage, 20 services + runtime (bytes)"), report);
        assertTrue(report.contains("  start to first 200, data-jdbc+flyway (s)"), report);
        for (String line : List.of("fleet_services=20", "fleet_own_bytes_median=650000", "fleet_own_bytes_ratio=40.0",
                "fleet_storage_ratio=3.2", "fleet_bump_pushed_ratio=5.0", "fleet_startup_ratio=0.45",
                "fleet_startup_ratio.data-jdbc+flyway=0.45", "fleet_startup_ratio.none=0.47", "fleet_pss_ratio=0.88",
                "fleet_pss_ratio_no_relocation=0.75")) {
            assertTrue(report.contains("\n" + line + "\n"), line + " in:\n" + report);
        }
        lines.removeIf(line -> line.startsWith("plain fleet_pss "));
        var error = assertThrows(IllegalArgumentException.class, () -> BenchReport.printFleet(BenchReport.medians(lines),
                "20", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals("no sample of fleet_pss for plain", error.getMessage());
    }

    @Test
    void aRuntimeOnlyReleaseIsRebasedAgainstRebuilt() {
        List<String> lines = new ArrayList<>(List.of("platform runtime_rebase_s 2.5", "platform runtime_rebuild_s 62.5",
                "platform runtime_rebase_pushed 41000", "platform runtime_rebuild_pushed 43500"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchReport.printRuntimeRelease(BenchReport.medians(lines), "10", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("runtime-only release (10 varied services)"), report);
        assertTrue(report.contains("         2.500         62.500"), report);
        for (String line : List.of("rebase_s=2.5", "rebuild_s=62.5", "rebase_time_ratio=0.04", "rebase_pushed_bytes=41000",
                "rebuild_pushed_bytes=43500")) {
            assertTrue(report.contains("\n" + line + "\n"), line + " in:\n" + report);
        }
        lines.remove(0);
        var error = assertThrows(IllegalArgumentException.class, () -> BenchReport.printRuntimeRelease(
                BenchReport.medians(lines), "10", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals("no sample of runtime_rebase_s for platform", error.getMessage());
    }
}
