package io.github.mnplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WrkResultTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = WrkResultTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsRequestsPerSecondAndP99OfARealRunWithoutErrors() throws IOException {
        assertEquals(new WrkResult("80619.86", "4.08ms", 0), WrkResult.parse(resource("wrk-30s.txt")));
    }

    @Test
    void countsNon2xxResponsesAndEverySocketError() throws IOException {
        String withErrors = resource("wrk-30s.txt").replace("Requests/sec:",
                "  Socket errors: connect 1, read 2, write 3, timeout 4\n  Non-2xx or 3xx responses: 10\nRequests/sec:");
        assertEquals(20, WrkResult.parse(withErrors).errors());
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WrkResult.parse("curl: (7) Failed to connect"));
    }
}
