package io.github.mnplatform.jib;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a service image starts from the base image's AOT cache, and with which class path and
 * JVM flags. JDK 25 uses a cache only when the class path starts with the one it was trained on,
 * entry by entry, and checks names, not bytes (25.0.3, JDK-8377932): a jar of the base that a
 * service replaced by other bytes under the same name would run the base's cached classes. So
 * the cache is used only when the service runs every jar of the training class path, byte for
 * byte; the class path then starts with those jars in the base's order, the service's own
 * entries after them in Maven's order.
 */
final class SharedAotCache {

    /** The image label that says which cache a service starts from: base or off. */
    static final String LABEL = "io.github.mnplatform.aot";
    /** The class path file Jib writes and its java entrypoint reads (-cp @FILE). */
    static final String CLASSPATH_FILE = "/app/jib-classpath-file";
    /**
     * The training run loads its trainer as a -javaagent, which resolves the java.instrument
     * module; a JVM uses the cache only when it resolves the same modules.
     */
    static final String TRAINING_MODULES_FLAG = "--add-modules=java.instrument";

    private static final int NAMED_IN_REASONS = 4;

    /** platform.aot: what the service asks for. */
    enum Mode {
        BASE, OFF;

        static Mode parse(String value) {
            try {
                return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("platform.aot='" + value
                        + "': use base (start from the base image's AOT cache, the default) or off");
            }
        }
    }

    /**
     * @param label      the value of {@link #LABEL}
     * @param reason     why, in words for the build log
     * @param classpath  the class path the image's JVM gets (unchanged when off)
     * @param entrypoint the image's entrypoint (unchanged when off)
     */
    record Decision(String label, String reason, List<String> classpath, List<String> entrypoint) {
        boolean usesCache() {
            return label.equals("base");
        }
    }

    private SharedAotCache() {
    }

    /** Whether an entrypoint is the one Jib writes: {@code java <jvmFlags...> -cp @FILE <mainClass>}. */
    static boolean isJibJavaCommand(List<String> entrypoint) {
        int cp = entrypoint.indexOf("-cp");
        return !entrypoint.isEmpty() && entrypoint.get(0).equals("java") && cp >= 0 && cp + 1 < entrypoint.size()
                && entrypoint.get(cp + 1).equals("@" + CLASSPATH_FILE);
    }

    /**
     * @param identicalToBase  jars of the service the base holds at the same path with the same bytes
     * @param otherBytes       jars of the service at a path where the base holds other bytes
     */
    static Decision decide(Mode mode, BaseJarList base, List<String> classpath, List<String> entrypoint,
            Collection<String> identicalToBase, Collection<String> otherBytes) {
        if (mode == Mode.OFF) {
            return off("platform.aot=off", classpath, entrypoint);
        }
        Optional<String> cache = base.aotCache();
        if (cache.isEmpty() || base.trainingClasspath().isEmpty()) {
            return off("the base image " + base.platformVersion() + " has no AOT cache", classpath, entrypoint);
        }
        if (!isJibJavaCommand(entrypoint)) {
            return off("the entrypoint is not Jib's java command with -cp @" + CLASSPATH_FILE + ": " + entrypoint,
                    classpath, entrypoint);
        }
        List<String> training = base.trainingClasspath();
        List<String> replaced = training.stream().filter(otherBytes::contains).toList();
        if (!replaced.isEmpty()) {
            return off("the service has other bytes than the base under the same name: " + names(replaced)
                    + " (the JVM compares names only and would run the base's cached classes)", classpath, entrypoint);
        }
        List<String> missing = training.stream()
                .filter(jar -> !identicalToBase.contains(jar) || !classpath.contains(jar))
                .toList();
        if (!missing.isEmpty()) {
            return off("the service does not run " + missing.size() + " of the base's jars (another version, or"
                    + " excluded): " + names(missing), classpath, entrypoint);
        }
        List<String> ordered = new ArrayList<>(training);
        classpath.stream().filter(entry -> !training.contains(entry)).forEach(ordered::add);
        List<String> flags = new ArrayList<>(entrypoint);
        flags.addAll(1, List.of("-XX:AOTCache=" + cache.get(), TRAINING_MODULES_FLAG));
        return new Decision("base", "starts from the base image's AOT cache " + cache.get() + " (all "
                + training.size() + " jars it was trained on come first, unchanged)", ordered, flags);
    }

    private static Decision off(String reason, List<String> classpath, List<String> entrypoint) {
        return new Decision("off", reason, classpath, entrypoint);
    }

    private static String names(List<String> jars) {
        List<String> names = jars.stream()
                .map(path -> path.substring(path.lastIndexOf('/') + 1))
                .limit(NAMED_IN_REASONS)
                .toList();
        return String.join(", ", names) + (jars.size() > NAMED_IN_REASONS ? ", ..." : "");
    }
}
