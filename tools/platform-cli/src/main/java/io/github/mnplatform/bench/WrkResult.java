package io.github.mnplatform.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bench reads from wrk's output ({@code wrk --latency}).
 *
 * @param requestsPerSecond the "Requests/sec:" figure, as wrk prints it
 * @param p99 the 99th percentile latency, as wrk prints it (e.g. 3.21ms)
 * @param errors non-2xx/3xx responses plus socket errors (connect, read, write, timeout)
 */
record WrkResult(String requestsPerSecond, String p99, long errors) {

    private static final Pattern RPS = Pattern.compile("(?m)^Requests/sec:\\s+(\\S+)");
    private static final Pattern P99 = Pattern.compile("(?m)^\\s*99%\\s+(\\S+)");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    static WrkResult parse(String output) {
        Matcher rps = RPS.matcher(output);
        Matcher p99 = P99.matcher(output);
        if (!rps.find() || !p99.find()) {
            throw new IllegalArgumentException("not the output of wrk --latency: no Requests/sec or 99% line");
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new WrkResult(rps.group(1), p99.group(1), errors);
    }
}
