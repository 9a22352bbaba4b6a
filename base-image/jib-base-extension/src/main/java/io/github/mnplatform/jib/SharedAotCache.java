package io.github.mnplatform.jib;

import io.github.mnplatform.core.AotProfile;
import io.github.mnplatform.core.BaseJarList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a service image starts from one of the base image's AOT caches, which one, and with
 * which class path and JVM flags. JDK 25 uses a cache only when the class path starts with the
 * one it was trained on, entry by entry, and checks names, not bytes (25.0.3, JDK-8377932): a
 * jar of the base that a service replaced by other bytes under the same name would run the
 * base's cached classes. So a profile's cache is used only when the service runs every jar of
 * its training class path, byte for byte; of those, the one with the longest class path (the
 * most framework work done ahead of time) wins. The class path then starts with its jars in the
 * base's order, the service's own entries after them in Maven's order.
 */
final class SharedAotCache {

    /** The image label that says which cache a service starts from: a profile's name, or off. */
    static final String LABEL = "io.github.mnplatform.aot";
    /** The class path file Jib writes and its java entrypoint reads (-cp @FILE). */
    static final String CLASSPATH_FILE = "/app/jib-classpath-file";
    /**
     * The training run loads its trainer as a -javaagent, which resolves the java.instrument
     * module; a JVM uses the cache only when it resolves the same modules.
     */
    static final String TRAINING_MODULES_FLAG = "--add-modules=java.instrument";

    private static final int NAMED_IN_REASONS = 4;

    /**
     * @param label      the value of {@link #LABEL}
     * @param reason     why, in words for the build log
     * @param classpath  the class path the image's JVM gets (unchanged when off)
     * @param entrypoint the image's entrypoint (unchanged when off)
     */
    record Decision(String label, String reason, List<String> classpath, List<String> entrypoint) {
        boolean usesCache() {
            return !label.equals(AotProfile.OFF);
        }
    }

    private SharedAotCache() {
    }

    /**
     * Checks platform.aot: auto (the longest profile the service runs exactly, the default), off,
     * or the name of one of the base's profiles; empty is auto (Maven passes an empty
     * {@code <platform.aot/>} as null).
     *
     * @throws IllegalArgumentException naming the values the base knows
     */
    static String parseRequest(String value, BaseJarList base) {
        String request = value == null || value.isBlank() ? AotProfile.AUTO : value.trim().toLowerCase(Locale.ROOT);
        List<String> profiles = base.aotProfiles().stream().map(AotProfile::name).toList();
        if (request.equals(AotProfile.AUTO) || request.equals(AotProfile.OFF) || profiles.contains(request)) {
            return request;
        }
        List<String> known = new ArrayList<>(List.of(AotProfile.AUTO, AotProfile.OFF));
        known.addAll(profiles);
        return fail("platform.aot='" + value + "': use one of " + known + " (auto: the longest cache profile of the"
                + " base " + base.platformVersion() + " whose jars the service runs unchanged; a profile's name: that one"
                + " or none)");
    }

    private static String fail(String message) {
        throw new IllegalArgumentException(message);
    }

    /** Whether an entrypoint is the one Jib writes: {@code java <jvmFlags...> -cp @FILE <mainClass>}. */
    static boolean isJibJavaCommand(List<String> entrypoint) {
        int cp = entrypoint.indexOf("-cp");
        return !entrypoint.isEmpty() && entrypoint.get(0).equals("java") && cp >= 0 && cp + 1 < entrypoint.size()
                && entrypoint.get(cp + 1).equals("@" + CLASSPATH_FILE);
    }

    /**
     * @param request          platform.aot, checked by {@link #parseRequest}
     * @param identicalToBase  jars of the service the base holds at the same path with the same bytes
     * @param otherBytes       jars of the service at a path where the base holds other bytes
     */
    static Decision decide(String request, BaseJarList base, List<String> classpath, List<String> entrypoint,
            Collection<String> identicalToBase, Collection<String> otherBytes) {
        if (request.equals(AotProfile.OFF)) {
            return off("platform.aot=off", classpath, entrypoint);
        }
        List<AotProfile> trained = base.aotProfiles().stream()
                .filter(profile -> profile.cache().isPresent() && !profile.classpath().isEmpty())
                .filter(profile -> request.equals(AotProfile.AUTO) || profile.name().equals(request))
                .sorted(Comparator.comparingInt((AotProfile profile) -> profile.classpath().size()).reversed())
                .toList();
        if (trained.isEmpty()) {
            return off("the base image " + base.platformVersion() + " has no AOT cache"
                    + (request.equals(AotProfile.AUTO) ? "" : " of the profile " + request), classpath, entrypoint);
        }
        if (!isJibJavaCommand(entrypoint)) {
            return off("the entrypoint is not Jib's java command with -cp @" + CLASSPATH_FILE + ": " + entrypoint,
                    classpath, entrypoint);
        }
        List<String> notUsed = new ArrayList<>();
        String shortestMismatch = "";
        for (AotProfile profile : trained) {
            Optional<String> mismatch = mismatch(profile, classpath, identicalToBase, otherBytes);
            if (mismatch.isPresent()) {
                notUsed.add(profile.name() + ": " + mismatch.get());
                shortestMismatch = "cache " + profile.name() + ": " + mismatch.get();
                continue;
            }
            List<String> training = profile.classpath();
            List<String> ordered = new ArrayList<>(training);
            classpath.stream().filter(entry -> !training.contains(entry)).forEach(ordered::add);
            List<String> flags = new ArrayList<>(entrypoint);
            flags.addAll(1, List.of("-XX:AOTCache=" + profile.cache().get(), TRAINING_MODULES_FLAG));
            String features = profile.features().isEmpty() ? "the common set" : "the common set and " + profile.features();
            return new Decision(profile.name(), "starts from the base image's AOT cache " + profile.cache().get()
                    + " (all " + training.size() + " jars it was trained on, " + features + ", come first, unchanged)"
                    + (notUsed.isEmpty() ? "" : "; not " + String.join("; not ", notUsed)), ordered, flags);
        }
        // The shortest cache's reason: in a chain of profiles, what keeps the service off all of them.
        return off(shortestMismatch, classpath, entrypoint);
    }

    /** Why a service cannot start from a profile's cache, if it cannot. */
    private static Optional<String> mismatch(AotProfile profile, List<String> classpath,
            Collection<String> identicalToBase, Collection<String> otherBytes) {
        List<String> replaced = profile.classpath().stream().filter(otherBytes::contains).toList();
        if (!replaced.isEmpty()) {
            return Optional.of("the service has other bytes than the base under the same name: " + names(replaced)
                    + " (the JVM compares names only and would run the base's cached classes)");
        }
        List<String> missing = profile.classpath().stream()
                .filter(jar -> !identicalToBase.contains(jar) || !classpath.contains(jar))
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of("the service does not run " + missing.size() + " of its jars"
                    + " (another version, excluded, or a feature it does not use): " + names(missing));
        }
        return Optional.empty();
    }

    private static Decision off(String reason, List<String> classpath, List<String> entrypoint) {
        return new Decision(AotProfile.OFF, reason, classpath, entrypoint);
    }

    private static String names(List<String> jars) {
        List<String> names = jars.stream()
                .map(path -> path.substring(path.lastIndexOf('/') + 1))
                .limit(NAMED_IN_REASONS)
                .toList();
        return String.join(", ", names) + (jars.size() > NAMED_IN_REASONS ? ", ..." : "");
    }
}
