package io.github.mnplatform.jib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtraJvmFlagsTest {

    private static final List<String> JIB = List.of("java", "-XX:MaxRAMPercentage=75", "-cp", "@/app/jib-classpath-file", "com.acme.Application");

    @Test
    void flagsComeAfterTheDefaultsAndBeforeTheClassPath() {
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-Xss512k", "-Dorders.mode=fast", "-cp",
                "@/app/jib-classpath-file", "com.acme.Application"), ExtraJvmFlags.add(JIB, "  -Xss512k \n -Dorders.mode=fast "));
    }

    @Test
    void noFlagsLeaveTheEntrypointAlone() {
        assertSame(JIB, ExtraJvmFlags.add(JIB, ""));
        assertSame(JIB, ExtraJvmFlags.add(JIB, null));
        List<String> custom = List.of("/bin/sh", "-c", "exec java -jar app.jar");
        assertSame(custom, ExtraJvmFlags.add(custom, " "));
    }

    @Test
    void flagsWithAnEntrypointOfOnesOwnAreRefusedWithTheFix() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> ExtraJvmFlags.add(List.of("/bin/sh", "-c", "exec java -jar app.jar"), "-Xss512k"));
        assertTrue(error.getMessage().contains("platform.image.jvmFlags (-Xss512k) adds to Jib's java command"), error.getMessage());
        assertTrue(error.getMessage().contains("Fix:"), error.getMessage());
    }

    @Test
    void flagsWithTheBaseImagesEntrypointAreRefusedToo() {
        assertNull(ExtraJvmFlags.add(null, " "));
        var error = assertThrows(IllegalArgumentException.class, () -> ExtraJvmFlags.add(null, "-Xss512k"));
        assertTrue(error.getMessage().contains("but the entrypoint is the base image's (INHERIT)"), error.getMessage());
    }
}
