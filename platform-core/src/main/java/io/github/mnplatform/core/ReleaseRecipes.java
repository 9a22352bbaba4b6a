package io.github.mnplatform.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenRewrite recipes that move a service to a platform release. The platform-recipes
 * artifact holds one declarative recipe per release that needs one, in
 * META-INF/rewrite/platform-VERSION.yml, named io.github.mnplatform.UpdateTo_VERSION (its dots and
 * dashes made underscores); platform:update runs those of every version it crosses, oldest first.
 */
public final class ReleaseRecipes {

    public static final String DIRECTORY = "META-INF/rewrite/";
    private static final Pattern FILE = Pattern.compile(Pattern.quote(DIRECTORY) + "platform-(.+)\\.yml");

    private ReleaseRecipes() {
    }

    /** The file of VERSION's recipe, inside the platform-recipes jar. */
    public static String file(String version) {
        return DIRECTORY + "platform-" + version + ".yml";
    }

    /** The name of VERSION's recipe. */
    public static String name(String version) {
        return "io.github.mnplatform.UpdateTo_" + version.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** The version a jar entry is the recipe of, if it is one. */
    public static Optional<String> versionOf(String entry) {
        Matcher matcher = FILE.matcher(entry);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The versions of AVAILABLE that a move from FROM to TO crosses (FROM &lt; v &lt;= TO), oldest first. */
    public static List<String> crossed(String from, String to, Collection<String> available) {
        return available.stream()
                .filter(v -> PlatformVersion.ORDER.compare(v, from) > 0 && PlatformVersion.ORDER.compare(v, to) <= 0)
                .sorted(PlatformVersion.ORDER).toList();
    }
}
