package io.github.mnplatform.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnplatform.maven.ManagedFileMerge.Change;
import io.github.mnplatform.maven.ManagedFileMerge.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge of the template's change into a service, with git merge-file as the update runs it. */
class ManagedFileMergeTest {

    private static final String[] LABELS = {"template 0.1.0", "template 0.2.0"};
    private static final String GITIGNORE = "target/\n.idea/\n*.iml\n";

    @TempDir
    Path dir;

    private Path base;
    private Path target;
    private Path service;

    @BeforeEach
    void renderings() throws IOException {
        base = Files.createDirectories(dir.resolve("base"));
        target = Files.createDirectories(dir.resolve("target"));
        service = Files.createDirectories(dir.resolve("service"));
    }

    private static void write(Path root, String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text, StandardCharsets.UTF_8);
    }

    private Map<String, Outcome> outcomes(List<Change> changes) {
        return changes.stream().collect(Collectors.toMap(Change::file, Change::outcome));
    }

    private List<Change> planAndApply(List<String> managed) throws IOException {
        List<Change> changes = ManagedFileMerge.plan(Optional.of(base), target, service, managed, LABELS);
        ManagedFileMerge.apply(target, service, changes);
        return changes;
    }

    @Test
    void theTemplatesChangeMergesWithTheServicesOwnLines() throws IOException {
        write(base, ".gitignore", GITIGNORE);
        write(target, ".gitignore", GITIGNORE + ".vscode/\n");
        write(service, ".gitignore", "local.env\n" + GITIGNORE);
        assertEquals(Map.of(".gitignore", Outcome.MERGED), outcomes(planAndApply(List.of(".gitignore"))));
        assertEquals("local.env\n" + GITIGNORE + ".vscode/\n", Files.readString(service.resolve(".gitignore")));
    }

    @Test
    void theSameLinesChangedOnBothSidesConflictAndKeepBoth() throws IOException {
        write(base, "ci.yml", "a\nuses: x@v0.1.0\nb\n");
        write(target, "ci.yml", "a\nuses: x@v0.2.0\nb\n");
        write(service, "ci.yml", "a\nuses: x@v0.1.0 # pinned by us\nb\n");
        assertEquals(Map.of("ci.yml", Outcome.CONFLICT), outcomes(planAndApply(List.of("ci.yml"))));
        String merged = Files.readString(service.resolve("ci.yml"));
        assertTrue(merged.contains("<<<<<<< service\nuses: x@v0.1.0 # pinned by us\n=======\nuses: x@v0.2.0\n>>>>>>> template 0.2.0\n"),
                merged);
    }

    @Test
    void aServiceCopyInOtherLineEndingsTakesTheTemplatesChangeInItsOwn() throws IOException {
        // A Windows checkout (CRLF) of files the template writes with LF, edited by the service.
        write(base, ".gitignore", GITIGNORE);
        write(target, ".gitignore", GITIGNORE + ".vscode/\n");
        write(service, ".gitignore", ("local.env\n" + GITIGNORE).replace("\n", "\r\n"));
        // mvnw.cmd, CRLF in the template, LF in a checkout under text=auto, never edited.
        write(base, "mvnw.cmd", "@echo off\r\nset A=1\r\n");
        write(target, "mvnw.cmd", "@echo off\r\nset A=2\r\n");
        write(service, "mvnw.cmd", "@echo off\nset A=1\n");
        assertEquals(Map.of(".gitignore", Outcome.MERGED, "mvnw.cmd", Outcome.MERGED),
                outcomes(planAndApply(List.of(".gitignore", "mvnw.cmd"))));
        assertEquals(("local.env\n" + GITIGNORE + ".vscode/\n").replace("\n", "\r\n"),
                Files.readString(service.resolve(".gitignore")));
        assertEquals("@echo off\nset A=2\n", Files.readString(service.resolve("mvnw.cmd")));
    }

    @Test
    void theTemplateTakesTheServicesLineEndingsUnlessTheyAreMixed() {
        byte[] template = "a\nb\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("a\nb\n", new String(ManagedFileMerge.inLineEndingsOf("x\r\ny\n".getBytes(StandardCharsets.UTF_8),
                template), StandardCharsets.UTF_8));
        assertEquals("a\r\nb\r\n", new String(ManagedFileMerge.inLineEndingsOf("x\r\n".getBytes(StandardCharsets.UTF_8),
                template), StandardCharsets.UTF_8));
        assertNull(ManagedFileMerge.inLineEndingsOf(new byte[0], null));
    }

    @Test
    void aFileTheServiceLeftAsGeneratedTakesTheTemplatesNewText() throws IOException {
        write(base, "logback.xml", "<old/>\n");
        write(target, "logback.xml", "<new/>\n");
        write(service, "logback.xml", "<old/>\n");
        assertEquals(Map.of("logback.xml", Outcome.MERGED), outcomes(planAndApply(List.of("logback.xml"))));
        assertEquals("<new/>\n", Files.readString(service.resolve("logback.xml")));
    }

    @Test
    void addedFilesComeWithTheirModeAndRemovedOnesGoUnlessTheServiceEditedThem() throws IOException {
        write(target, "mvnw", "#!/bin/sh\n");
        Files.setPosixFilePermissions(target.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(base, "old.txt", "x\n");
        write(service, "old.txt", "x\n");
        write(base, "edited.txt", "x\n");
        write(service, "edited.txt", "x\ny\n");
        List<Change> changes = planAndApply(List.of("mvnw", "old.txt", "edited.txt"));
        assertEquals(Map.of("mvnw", Outcome.ADDED, "old.txt", Outcome.REMOVED, "edited.txt", Outcome.KEPT), outcomes(changes));
        assertTrue(Files.isExecutable(service.resolve("mvnw")));
        assertFalse(Files.exists(service.resolve("old.txt")));
        assertEquals("x\ny\n", Files.readString(service.resolve("edited.txt")));
    }

    @Test
    void aFileTheServiceRemovedStaysRemovedAndAnUnchangedTemplateWritesNothing() throws IOException {
        write(base, "renovate.json", "{}\n");
        write(target, "renovate.json", "{\"x\": 1}\n");
        write(base, "same.txt", "s\n");
        write(target, "same.txt", "s\n");
        write(service, "same.txt", "edited\n");
        List<Change> changes = planAndApply(List.of("renovate.json", "same.txt"));
        assertEquals(Map.of("renovate.json", Outcome.KEPT, "same.txt", Outcome.UNCHANGED), outcomes(changes));
        assertFalse(Files.exists(service.resolve("renovate.json")));
        assertEquals("edited\n", Files.readString(service.resolve("same.txt")));
    }

    @Test
    void aMigratedProjectsOwnFileMergesAgainstNothingSoNoLineIsLost() throws IOException {
        write(target, ".gitignore", GITIGNORE);
        write(service, ".gitignore", "build/\n");
        write(target, "ci.yml", "ci\n");
        List<Change> changes = ManagedFileMerge.plan(Optional.empty(), target, service, List.of(".gitignore", "ci.yml"), LABELS);
        ManagedFileMerge.apply(target, service, changes);
        assertEquals(Map.of(".gitignore", Outcome.CONFLICT, "ci.yml", Outcome.ADDED), outcomes(changes));
        String merged = Files.readString(service.resolve(".gitignore"));
        assertTrue(merged.contains("build/\n") && merged.contains("*.iml\n"), merged);
    }
}
