package io.github.mnplatform.workflows;

import static io.github.mnplatform.workflows.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small platform repository: the base's POM uses module "tile"; module "other" is not used. */
class BaseImagePathsCheckTest {

    @TempDir
    Path repo;

    private final Map<String, String> modes = new TreeMap<>();

    private void file(String path, String text) {
        write(repo, path, text);
        modes.put(path, path.endsWith(".sh") || path.equals("mvnw") ? "100755" : "100644");
    }

    private static String pom(String artifactId, String parentPath, String body) {
        String parent = parentPath == null ? "" : "<parent><groupId>org.acme</groupId><artifactId>root</artifactId>"
                + "<version>1</version>" + parentPath + "</parent>";
        return "<project>" + parent + "<groupId>org.acme</groupId><artifactId>" + artifactId + "</artifactId>" + body + "</project>";
    }

    @BeforeEach
    void platform() {
        file("pom.xml", pom("root", null, "<modules><module>base/ext</module><module>tile</module>"
                + "<module>other</module></modules>"));
        file("tile/pom.xml", pom("tile", "", ""));
        file("tile/tile.xml", "<project/>");
        file("other/pom.xml", pom("other", "", ""));
        file("other/src/Other.java", "class Other {}");
        file("base/ext/pom.xml", pom("ext", "<relativePath>../../pom.xml</relativePath>", ""));
        file("base/ext/src/Ext.java", "class Ext {}");
        file("base/pom.xml", pom("base", "<relativePath>../pom.xml</relativePath>",
                "<build><plugins><plugin><artifactId>tiles-maven-plugin</artifactId><configuration><tiles>"
                        + "<tile>${project.groupId}:tile:${project.version}</tile></tiles></configuration></plugin>"
                        + "</plugins></build>"));
        file("base/README.md", "the base");
        file("mvnw", "#!/bin/sh\nexec java -jar x\n");
        file(".mvn/wrapper/maven-wrapper.properties", "distributionUrl=x");
        file("scripts/build.sh", "#!/usr/bin/env bash\n# shellcheck source=lib/common.sh\n. \"$dir/lib/common.sh\"\n"
                + "./mvnw -f base/pom.xml install\n");
        file("scripts/lib/common.sh", "log() { echo \"$@\"; }\n");
        file("scripts/other.sh", "#!/usr/bin/env bash\n");
        file("scripts/test/build.bats", "#!/usr/bin/env bats\n");
    }

    private Workflow baseWorkflow(String paths) {
        String yaml = "on:\n  push:\n    branches: [main]\n    paths:\n" + paths + """
                permissions: {}
                concurrency: x
                jobs:
                  publish:
                    runs-on: ubuntu-latest
                    steps:
                      - run: scripts/build.sh --push
                """;
        file(".github/workflows/base-image.yml", yaml);
        try {
            return Workflow.load(".github/workflows/base-image.yml", repo.resolve(".github/workflows/base-image.yml"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theInputsAreThePomsAndModulesTheBaseUsesAndTheScriptsButTheirTests() throws Exception {
        Workflow wf = baseWorkflow("      - x\n");
        assertEquals(List.of(".github/workflows/base-image.yml", ".mvn/wrapper/maven-wrapper.properties",
                        "base/README.md", "base/pom.xml", "mvnw", "pom.xml", "scripts/build.sh", "scripts/lib/common.sh",
                        "scripts/other.sh", "tile/pom.xml", "tile/tile.xml"),
                List.copyOf(BaseImageInputs.derive(repo, new GitIndex(modes), wf, "base/pom.xml")));
    }

    @Test
    void pathsThatCoverEveryInputPass() throws Exception {
        Workflow wf = baseWorkflow("""
                      - base/**
                      - tile/**
                      - pom.xml
                      - mvnw
                      - .mvn/**
                      - scripts/**
                      - '!scripts/test/**'
                      - .github/workflows/base-image.yml
                """);
        assertEquals(List.of(), BaseImagePathsCheck.check(wf, repo, new GitIndex(modes), "base/pom.xml"));
    }

    @Test
    void aMissingPathIsReportedWithTheFilesItLeavesOut() throws Exception {
        Workflow wf = baseWorkflow("""
                      - base/**
                      - tile/**
                      - .github/workflows/base-image.yml
                """);
        List<Problem> p = BaseImagePathsCheck.check(wf, repo, new GitIndex(modes), "base/pom.xml");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).toString().startsWith(".github/workflows/base-image.yml:5:7: on.push.paths does not cover 6 of"
                + " the 11 files the base image is built from"), p.get(0).toString());
        assertTrue(p.get(0).toString().contains(": .mvn/wrapper/maven-wrapper.properties, mvnw, pom.xml, scripts/build.sh,"
                + " scripts/lib/common.sh, scripts/other.sh. Add paths"), p.get(0).toString());
    }

    @Test
    void aModuleTheBaseUsesThroughAPluginDependencyCounts() throws Exception {
        file("base/pom.xml", pom("base", "<relativePath>../pom.xml</relativePath>",
                "<build><plugins><plugin><artifactId>jib-maven-plugin</artifactId><dependencies><dependency>"
                        + "<groupId>${project.groupId}</groupId><artifactId>ext</artifactId></dependency>"
                        + "</dependencies></plugin></plugins></build>"));
        Workflow wf = baseWorkflow("      - base/pom.xml\n");
        assertTrue(BaseImageInputs.derive(repo, new GitIndex(modes), wf, "base/pom.xml").contains("base/ext/src/Ext.java"));
    }

    @Test
    void aModuleThatATileBindsCounts() throws Exception {
        file("tile/tile.xml", "<project><build><plugins><plugin><groupId>@project.groupId@</groupId>"
                + "<artifactId>other</artifactId></plugin></plugins></build></project>");
        Workflow wf = baseWorkflow("      - base/pom.xml\n");
        assertTrue(BaseImageInputs.derive(repo, new GitIndex(modes), wf, "base/pom.xml").contains("other/src/Other.java"));
    }

    @Test
    void withoutPushPathsTheWorkflowFails() throws Exception {
        file(".github/workflows/base-image.yml", "on: workflow_dispatch\njobs: {}\n");
        Workflow wf = Workflow.load("b.yml", repo.resolve(".github/workflows/base-image.yml"));
        List<Problem> p = BaseImagePathsCheck.check(wf, repo, new GitIndex(modes), "base/pom.xml");
        assertTrue(p.get(0).toString().contains("does not trigger on push to the paths the base image is built from"));
    }
}
