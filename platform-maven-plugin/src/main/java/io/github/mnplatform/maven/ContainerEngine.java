package io.github.mnplatform.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which container engine jib:dockerBuild should load its image into. Jib calls a {@code docker}
 * client; where that client has no engine behind it but podman is installed, podman's absolute
 * path must be handed to Jib instead (Jib resolves a bare name against the working directory).
 */
final class ContainerEngine {

    /** What to do: keep Jib's own choice, or hand it this executable. */
    record Choice(Optional<Path> executable, String reason) {
    }

    private final String searchPath;
    private final Predicate<Path> engineAnswers;

    /**
     * @param searchPath    the PATH to look in, entries separated by {@link File#pathSeparator}
     * @param engineAnswers whether the engine behind a client answers ({@code CLIENT info})
     */
    ContainerEngine(String searchPath, Predicate<Path> engineAnswers) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.engineAnswers = engineAnswers;
    }

    /**
     * @param forced PLATFORM_ENGINE, "docker" or "podman", or null to detect
     */
    Choice choose(String forced) {
        if (forced != null && !forced.isBlank() && !forced.equals("docker") && !forced.equals("podman")) {
            throw new IllegalArgumentException("PLATFORM_ENGINE=" + forced
                    + " is neither docker nor podman; unset it to detect the engine");
        }
        Optional<Path> docker = find("docker");
        Optional<Path> podman = find("podman");
        if ("docker".equals(forced)) {
            return new Choice(Optional.empty(), "docker, as PLATFORM_ENGINE says");
        }
        if ("podman".equals(forced)) {
            return new Choice(Optional.of(podman.orElseThrow(() -> new IllegalStateException(
                    "PLATFORM_ENGINE=podman, but there is no podman on the PATH: install it (apt-get install podman)"))),
                    "podman, as PLATFORM_ENGINE says");
        }
        if (docker.isPresent() && engineAnswers.test(docker.get())) {
            return new Choice(Optional.empty(), "docker (its engine answers)");
        }
        if (podman.isPresent()) {
            return new Choice(podman, docker.isPresent()
                    ? "podman (the docker client on the PATH has no engine that answers)"
                    : "podman (no docker client on the PATH)");
        }
        return new Choice(Optional.empty(), "neither a Docker engine nor podman found; Jib's own error follows");
    }

    private Optional<Path> find(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
