package io.github.mnplatform.jib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The service's own JVM flags (platform.image.jvmFlags), added after the Jib tile's defaults.
 * Jib's own {@code jib.container.jvmFlags} replaces the whole list; Maven cannot add to a list
 * from a property, so the extension does, in the entrypoint Jib wrote.
 */
final class ExtraJvmFlags {

    private ExtraJvmFlags() {
    }

    /**
     * @param entrypoint Jib's entrypoint: {@code java <jvmFlags...> -cp @FILE <mainClass>}; null
     *                   when the image inherits the base's ({@code <entrypoint>INHERIT</entrypoint>})
     * @param flags the extra flags, separated by white space (a flag cannot contain a space)
     * @return the entrypoint with the flags just before {@code -cp}, after the defaults
     * @throws IllegalArgumentException when there are flags and the entrypoint is not Jib's java command
     */
    static List<String> add(List<String> entrypoint, String flags) {
        List<String> extra = flags == null || flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
        if (extra.isEmpty()) {
            return entrypoint;
        }
        if (entrypoint == null || !SharedAotCache.isJibJavaCommand(entrypoint)) {
            throw new IllegalArgumentException("platform.image.jvmFlags (" + flags.trim() + ") adds to Jib's java command,"
                    + " but the entrypoint is " + (entrypoint == null ? "the base image's (INHERIT)" : entrypoint)
                    + ". Fix: put the flags into your own entrypoint, or leave the entrypoint to Jib");
        }
        int cp = entrypoint.indexOf("-cp");
        List<String> result = new ArrayList<>(entrypoint.subList(0, cp));
        result.addAll(extra);
        result.addAll(entrypoint.subList(cp, entrypoint.size()));
        return result;
    }
}
