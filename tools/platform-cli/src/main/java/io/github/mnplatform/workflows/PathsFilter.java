package io.github.mnplatform.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code paths:} filter of a push trigger, matched as GitHub documents it ("Filter pattern
 * cheat sheet"): {@code *} any characters but '/', {@code **} any characters, {@code ?} and
 * {@code +} zero-or-one and one-or-more of the character before, {@code [...]} a character class,
 * a leading {@code !} excludes; the last pattern that matches a path decides.
 */
final class PathsFilter {

    private record Rule(boolean include, Pattern pattern) {}

    private final List<Rule> rules = new ArrayList<>();

    PathsFilter(List<String> patterns) {
        for (String p : patterns) {
            boolean include = !p.startsWith("!");
            rules.add(new Rule(include, toRegex(include ? p : p.substring(1))));
        }
    }

    boolean matches(String path) {
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.pattern().matcher(path).matches()) {
                matched = rule.include();
            }
        }
        return matched;
    }

    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && glob.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 2;
            } else if (c == '*' && glob.startsWith("**", i)) {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?' || c == '+') {
                re.append(c);
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    re.append(glob, i, end + 1);
                    i = end;
                }
            } else {
                re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
            }
        }
        return Pattern.compile(re.toString());
    }
}
