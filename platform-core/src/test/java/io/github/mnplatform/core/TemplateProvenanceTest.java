package io.github.mnplatform.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateProvenanceTest {

    @TempDir
    Path dir;

    private static Map<String, String> answers() {
        Map<String, String> answers = new HashMap<>(Map.of("groupId", "com.acme", "artifactId", "orders",
                "version", "0.1.0-SNAPSHOT", "package", "com.acme.orders", "serviceName", " Orders: été \\ 2",
                "port", "8181", "platformOrg", "acme", "features", "data-jdbc,micrometer"));
        return answers;
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws IOException {
        TemplateProvenance written = new TemplateProvenance("io.github.mnplatform:service-template", "0.1.0",
                TemplateProvenance.MADE, answers());
        written.write(dir);
        assertEquals(written, TemplateProvenance.read(dir));
        String text = Files.readString(dir.resolve(TemplateProvenance.FILE), StandardCharsets.UTF_8);
        assertTrue(text.contains("\ntemplate.version=0.1.0\ntemplate.origin=archetype\nanswer.groupId=com.acme\n"), text);
    }

    @Test
    void aFileWithoutAnAnswerIsIncomplete() throws IOException {
        Files.writeString(dir.resolve(TemplateProvenance.FILE), "template=g:a\ntemplate.version=1\ntemplate.origin=migrate\nanswer.groupId=g\n");
        IOException e = assertThrows(IOException.class, () -> TemplateProvenance.read(dir));
        assertTrue(e.getMessage().contains("is incomplete: no answer for [artifactId, version, package, serviceName, port,"
                + " platformOrg, features]"), e.getMessage());
    }

    @Test
    void anAnswerWithALineBreakOrAnUnknownOriginIsRefused() {
        Map<String, String> injected = answers();
        injected.put("port", "8080\nanswer.features=none");
        assertThrows(IllegalArgumentException.class, () -> new TemplateProvenance("g:a", "1", TemplateProvenance.MADE, injected));
        assertThrows(IllegalArgumentException.class, () -> new TemplateProvenance("g:a", "1", "copy", answers()));
    }
}
