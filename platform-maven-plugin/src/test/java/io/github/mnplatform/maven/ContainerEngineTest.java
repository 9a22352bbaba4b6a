package io.github.mnplatform.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerEngineTest {

    @TempDir
    Path bin;

    private Path executable(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void dockerWithAnEngineKeepsJibsDefault() throws IOException {
        executable(bin, "docker");
        executable(bin, "podman");
        ContainerEngine.Choice choice = new ContainerEngine(bin.toString(), client -> true).choose(null);
        assertEquals(Optional.empty(), choice.executable());
        assertTrue(choice.reason().startsWith("docker"), choice.reason());
    }

    @Test
    void aDockerClientWithoutAnEngineDoesNotWinOverPodman() throws IOException {
        executable(bin, "docker");
        Path podman = executable(bin.resolve("other"), "podman");
        String path = bin + File.pathSeparator + podman.getParent();
        ContainerEngine.Choice choice = new ContainerEngine(path, client -> false).choose(null);
        assertEquals(Optional.of(podman.toAbsolutePath()), choice.executable());
        assertTrue(choice.reason().contains("no engine that answers"), choice.reason());
    }

    @Test
    void podmanAloneIsChosenWithoutAskingAnything() throws IOException {
        Path podman = executable(bin, "podman");
        ContainerEngine.Choice choice = new ContainerEngine(bin.toString(), client -> {
            throw new AssertionError("no docker client to ask");
        }).choose("");
        assertEquals(Optional.of(podman.toAbsolutePath()), choice.executable());
    }

    @Test
    void aFileThatIsNotExecutableIsNoEngine() throws IOException {
        Files.writeString(bin.resolve("podman"), "not a program");
        ContainerEngine.Choice choice = new ContainerEngine(bin.toString(), client -> false).choose(null);
        assertEquals(Optional.empty(), choice.executable());
        assertTrue(choice.reason().contains("neither"), choice.reason());
    }

    @Test
    void platformEngineForcesTheChoice() throws IOException {
        Path podman = executable(bin, "podman");
        executable(bin, "docker");
        ContainerEngine engines = new ContainerEngine(bin.toString(), client -> true);
        assertEquals(Optional.of(podman.toAbsolutePath()), engines.choose("podman").executable());
        assertEquals(Optional.empty(), new ContainerEngine(bin.toString(), client -> false).choose("docker").executable());
    }

    @Test
    void aWrongOrUnmetPlatformEngineIsRefusedWithTheFix() {
        ContainerEngine engines = new ContainerEngine(bin.toString(), client -> false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> engines.choose("containerd"))
                .getMessage().contains("neither docker nor podman"));
        assertTrue(assertThrows(IllegalStateException.class, () -> engines.choose("podman"))
                .getMessage().contains("apt-get install podman"));
    }

    @Test
    void onlyJibDockerBuildAsksForAnEngine() {
        assertTrue(ContainerEngineMojo.asksForDockerBuild(List.of("compile", "jib:dockerBuild")));
        assertTrue(ContainerEngineMojo.asksForDockerBuild(
                List.of("com.google.cloud.tools:jib-maven-plugin:3.5.2:dockerBuild")));
        assertFalse(ContainerEngineMojo.asksForDockerBuild(List.of("compile", "jib:build")));
        assertFalse(ContainerEngineMojo.asksForDockerBuild(List.of("verify")));
    }
}
