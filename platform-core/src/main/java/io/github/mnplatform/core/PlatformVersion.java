package io.github.mnplatform.core;

import java.util.Comparator;
import java.util.regex.Pattern;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Platform versions: their order, Maven's (0.2.0-rc1 &lt; 0.2.0-SNAPSHOT &lt; 0.2.0), and the git
 * ref a service's workflow and Renovate preset name for a version: the release tag vX.Y.Z, or the
 * default branch for a -SNAPSHOT, which has no tag. The archetype's post-generate script and
 * renovate/service.json apply the same rule in their own languages; platform:update moves a
 * service's refs by rendering the template, that is, by the post-generate script.
 */
public final class PlatformVersion {

    public static final Comparator<String> ORDER = Comparator.comparing(ComparableVersion::new);

    /** A base image tag that is a platform version (others, such as sha-1a2b3c4, are not). */
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*([.-][A-Za-z0-9.-]+)?");
    /** The git ref of a platform version: main for a -SNAPSHOT, else vX.Y.Z with its qualifier. */
    public static final String GIT_REF_PATTERN = "(main|v[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?)";

    private PlatformVersion() {
    }

    public static boolean isVersion(String tag) {
        return VERSION.matcher(tag).matches();
    }
}
