package io.github.mnplatform.fleet;

import java.util.Optional;
import java.util.regex.Pattern;

/** What --with names: GROUP:ARTIFACT, optionally :VERSION. */
record Coordinate(String group, String artifact, Optional<String> version) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    static Coordinate parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || !PART.matcher(parts[0]).matches()
                || !PART.matcher(parts[1]).matches() || (parts.length == 3 && !PART.matcher(parts[2]).matches())) {
            throw new UsageException("--with '" + text + "': use GROUP:ARTIFACT or GROUP:ARTIFACT:VERSION,"
                    + " e.g. io.micronaut:micronaut-http-server-netty or org.yaml:snakeyaml:2.4");
        }
        return new Coordinate(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    boolean matches(Component component) {
        return group.equals(component.group()) && artifact.equals(component.name())
                && version.map(component.version()::equals).orElse(true);
    }

    @Override
    public String toString() {
        return group + ":" + artifact + version.map(v -> ":" + v).orElse("");
    }
}
