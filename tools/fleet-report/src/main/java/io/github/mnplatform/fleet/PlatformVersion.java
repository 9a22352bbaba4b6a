package io.github.mnplatform.fleet;

import java.util.Comparator;
import java.util.regex.Pattern;
import org.apache.maven.artifact.versioning.ComparableVersion;

/** Platform versions among a base image's tags, in Maven's order (0.2.0-rc1 < 0.2.0-SNAPSHOT < 0.2.0). */
final class PlatformVersion {

    /** A base image tag that is a platform version (others, such as sha-1a2b3c4, are not). */
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*([.-][A-Za-z0-9.-]+)?");

    static final Comparator<String> ORDER = Comparator.comparing(ComparableVersion::new);

    private PlatformVersion() {
    }

    static boolean isVersion(String tag) {
        return VERSION.matcher(tag).matches();
    }
}
