package io.github.mnplatform.core;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a service repository was made from: the platform's service template at a version, and
 * the answers it was given (the archetype's properties). The template's post-generate script
 * writes it, and so does the migrate goal for a Launch project it moves in; an update renders
 * the template again with the same answers. One UTF-8 properties file at the repository's root,
 * {@value #FILE}, documented in docs/reference/archetype.md ("Provenance").
 *
 * @param template        the template's {@code groupId:artifactId}
 * @param templateVersion the template version the repository's managed files were last rendered at
 * @param origin          {@link #MADE} when the template made the repository, {@link #MIGRATED} when
 *                        the migrate goal moved a Launch project in: its managed files are then its
 *                        own, not the template's at that version
 * @param answers         the template's properties by name (groupId, artifactId, package, port, ...)
 */
public record TemplateProvenance(String template, String templateVersion, String origin, Map<String, String> answers) {

    public static final String FILE = ".platform-template.properties";
    /** The answers every template version takes; features is "none" or a comma-separated list. */
    public static final List<String> ANSWERS = List.of("groupId", "artifactId", "version", "package", "serviceName",
            "port", "platformOrg", "features");

    public static final String MADE = "archetype";
    public static final String MIGRATED = "migrate";

    private static final String TEMPLATE_KEY = "template";
    private static final String VERSION_KEY = "template.version";
    private static final String ORIGIN_KEY = "template.origin";
    private static final String ANSWER_PREFIX = "answer.";

    public TemplateProvenance {
        if (!origin.equals(MADE) && !origin.equals(MIGRATED)) {
            throw new IllegalArgumentException(ORIGIN_KEY + " is '" + origin + "', not " + MADE + " or " + MIGRATED);
        }
        List<String> missing = ANSWERS.stream().filter(Predicate.not(answers::containsKey)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no answer for " + missing);
        }
        answers = Map.copyOf(answers);
        if (answers.values().stream().anyMatch(value -> value.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("an answer holds a control character (a line break, a tab): " + answers);
        }
    }

    /** Reads DIR/{@value #FILE}. */
    public static TemplateProvenance read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        Map<String, String> answers = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith(ANSWER_PREFIX))
                .forEach(key -> answers.put(key.substring(ANSWER_PREFIX.length()), properties.getProperty(key)));
        try {
            return new TemplateProvenance(required(properties, TEMPLATE_KEY), required(properties, VERSION_KEY),
                    required(properties, ORIGIN_KEY), answers);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is incomplete: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    /** The file's text: a comment, the template and its version, then the answers in the order of {@link #ANSWERS}. */
    public String text() {
        StringBuilder text = new StringBuilder()
                .append("# What this repository was made from: the platform's service template and the answers it was\n")
                .append("# given. The platform's update renders the template again with them; see the platform's\n")
                .append("# docs/reference/archetype.md, \"Provenance\".\n")
                .append(TEMPLATE_KEY).append('=').append(template).append('\n')
                .append(VERSION_KEY).append('=').append(templateVersion).append('\n')
                .append(ORIGIN_KEY).append('=').append(origin).append('\n');
        ANSWERS.forEach(name -> text.append(ANSWER_PREFIX).append(name).append('=').append(escape(answers.get(name))).append('\n'));
        return text.toString();
    }

    /** Writes DIR/{@value #FILE}. */
    public void write(Path directory) throws IOException {
        Files.writeString(directory.resolve(FILE), text(), StandardCharsets.UTF_8);
    }

    /** A value as Properties reads it back: backslashes doubled, a leading blank kept. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }
}
