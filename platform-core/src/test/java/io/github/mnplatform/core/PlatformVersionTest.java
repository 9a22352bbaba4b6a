package io.github.mnplatform.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlatformVersionTest {

    @Test
    void platformVersionsSortAsMavenDoes() {
        List<String> sorted = Stream.of("0.10.0", "0.2.0", "0.10.0-SNAPSHOT", "1.0", "0.9.1")
                .sorted(PlatformVersion.ORDER).toList();
        assertEquals(List.of("0.2.0", "0.9.1", "0.10.0-SNAPSHOT", "0.10.0", "1.0"), sorted);
        assertEquals(List.of("1.0.0-rc1", "1.0.0-SNAPSHOT", "1.0.0"),
                Stream.of("1.0.0", "1.0.0-SNAPSHOT", "1.0.0-rc1").sorted(PlatformVersion.ORDER).toList());
        assertTrue(PlatformVersion.isVersion("0.1.0-SNAPSHOT"));
        assertFalse(PlatformVersion.isVersion("sha-1a2b3c4"));
        assertFalse(PlatformVersion.isVersion("latest"));
    }

    @Test
    void aGitRefIsMainOrTheReleaseTag() {
        for (String ref : List.of("main", "v0.1.0", "v1.2.3-rc1")) {
            assertTrue(ref.matches(PlatformVersion.GIT_REF_PATTERN), ref);
        }
        for (String ref : List.of("0.1.0", "v1.2", "develop", "v1.2.3-")) {
            assertFalse(ref.matches(PlatformVersion.GIT_REF_PATTERN), ref);
        }
    }
}
