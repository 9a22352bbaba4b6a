package io.github.mnplatform.fleet;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Orders platform versions as Maven does for the versions the platform uses: numbers compare
 * as numbers, and a version with a qualifier (0.2.0-SNAPSHOT, 0.2.0-rc1) comes before the same
 * version without one.
 */
final class PlatformVersion {

    /** A base image tag that is a platform version (others, such as sha-1a2b3c4, are not). */
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*([.-][A-Za-z0-9.-]+)?");

    static final Comparator<String> ORDER = PlatformVersion::compare;

    private PlatformVersion() {
    }

    static boolean isVersion(String tag) {
        return VERSION.matcher(tag).matches();
    }

    private static int compare(String a, String b) {
        String[] numbersA = numbers(a).split("\\.");
        String[] numbersB = numbers(b).split("\\.");
        for (int i = 0; i < Math.max(numbersA.length, numbersB.length); i++) {
            long x = i < numbersA.length ? Long.parseLong(numbersA[i]) : 0;
            long y = i < numbersB.length ? Long.parseLong(numbersB[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        Optional<String> qualifierA = qualifier(a);
        Optional<String> qualifierB = qualifier(b);
        if (qualifierA.isEmpty() || qualifierB.isEmpty()) {
            return Boolean.compare(qualifierA.isEmpty(), qualifierB.isEmpty());
        }
        return qualifierA.get().compareTo(qualifierB.get());
    }

    private static String numbers(String version) {
        int end = 0;
        while (end < version.length() && (Character.isDigit(version.charAt(end))
                || (version.charAt(end) == '.' && end + 1 < version.length() && Character.isDigit(version.charAt(end + 1))))) {
            end++;
        }
        return end == 0 ? "0" : version.substring(0, end);
    }

    private static Optional<String> qualifier(String version) {
        String rest = version.substring(numbers(version).length());
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest.substring(1));
    }
}
