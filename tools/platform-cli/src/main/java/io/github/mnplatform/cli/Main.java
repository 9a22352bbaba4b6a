package io.github.mnplatform.cli;

import io.github.mnplatform.bench.BenchReport;
import io.github.mnplatform.bench.BenchSetup;
import io.github.mnplatform.fleet.FleetReport;
import io.github.mnplatform.workflows.WorkflowPolicy;
import java.io.IOException;
import java.util.Arrays;

/**
 * The platform's own command-line tool: one jar, a command per job, which the scripts run.
 * Each command parses its own arguments and sets its own exit status.
 */
public final class Main {

    private static final String USAGE = """
            Usage: platform-cli COMMAND [ARGS...]
              fleet         the fleet report (scripts/fleet.sh --help says its options)
              policy        the workflow policy checks of scripts/lint-workflows.sh
              shellcheck    shellcheck over the run: scripts of workflows
              bench-report  the report of bench/run.sh: SAMPLES WRK_OUTPUT SERVICES FLEET
              bench-setup   the bench's setup of a service POM: POM [GROUP:ARTIFACT[:VERSION]...]""";

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "fleet" -> FleetReport.main(rest);
            case "policy", "shellcheck" -> WorkflowPolicy.main(args);
            case "bench-report" -> BenchReport.main(rest);
            case "bench-setup" -> BenchSetup.main(rest);
            default -> {
                System.err.println("platform-cli: ERROR: " + (command.isEmpty() ? "a command is needed" : "unknown command: " + command));
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }
}
