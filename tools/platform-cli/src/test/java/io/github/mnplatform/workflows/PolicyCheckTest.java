package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckTest {

    @TempDir
    Path dir;

    private List<String> problems(String yaml) {
        return PolicyCheck.check(Fixtures.workflow(dir, "w.yml", yaml)).stream().map(Problem::toString).toList();
    }

    @Test
    void aCompliantWorkflowPasses() {
        assertEquals(List.of(), problems(Fixtures.oneJob("""
                      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
                      - uses: ./local-action
                      - uses: docker://alpine:3
                      - run: echo "$TOKEN"
                        env:
                          TOKEN: ${{ secrets.GITHUB_TOKEN }}
                """)));
    }

    @Test
    void aJobWithoutPermissionsIsNamedWhenTheWorkflowHasNone() {
        List<String> p = problems("""
                on: push
                concurrency: x
                defaults: {run: {shell: bash}}
                jobs:
                  ok:
                    permissions: {contents: read}
                    runs-on: ubuntu-latest
                    steps: [{run: 'true'}]
                  bare:
                    runs-on: ubuntu-latest
                    steps: [{run: 'true'}]
                """);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("w.yml:9:3: job 'bare' has no permissions block"), p.get(0));
    }

    @Test
    void actionsMustBePinnedToAFullCommitSha() {
        List<String> p = problems(Fixtures.oneJob("""
                      - uses: actions/setup-java@v5
                      - uses: actions/checkout@3d3c42e
                """));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("job 'build', step 1: 'actions/setup-java@v5' is not pinned to a full-length commit SHA"), p.get(0));
        assertTrue(p.get(1).startsWith("w.yml:15:15: job 'build', step 2"), p.get(1));
    }

    @Test
    void aReusableWorkflowCallMustBePinnedToo() {
        List<String> p = problems("""
                on: push
                permissions: {}
                concurrency: x
                jobs:
                  call:
                    uses: acme/platform/.github/workflows/ci.yml@main
                """);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("job 'call': 'acme/platform/.github/workflows/ci.yml@main' is not pinned"), p.get(0));
    }

    @Test
    void thePlatformServiceWorkflowIsPinnedToThePlatformVersionInstead() {
        String call = """
                on: push
                permissions: {}
                concurrency: x
                jobs:
                  service:
                    uses: acme/platform/.github/workflows/service.yml@%s
                """;
        assertEquals(List.of(), problems(call.formatted("v1.2.3")));
        assertEquals(List.of(), problems(call.formatted("v1.2.3-rc1")));
        assertEquals(List.of(), problems(call.formatted("main")));
        List<String> p = problems(call.formatted("feature-branch"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("'acme/platform/.github/workflows/service.yml@feature-branch' is not pinned"), p.get(0));
    }

    @Test
    void aSecretInsideARunScriptFails() {
        List<String> p = problems(Fixtures.oneJob("""
                      - run: |
                          echo start
                          TOKEN="${{ secrets.GITHUB_TOKEN }}" ./deploy.sh
                """));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("step 1: a secret inside run:"), p.get(0));
    }

    @Test
    void noConcurrencyGroupAndNoJobsFail() {
        List<String> p = problems("""
                on: push
                permissions: {}
                """);
        assertEquals(List.of("w.yml: no jobs",
                "w.yml: no concurrency group, at the top level or on every job (concurrency: group: ...)"), p);
    }

    @Test
    void aConcurrencyGroupOnEveryJobServesTooButNotOnSomeOnly() {
        String workflow = """
                on: push
                permissions: {}
                jobs:
                  one:
                    concurrency: one
                    uses: ./.github/workflows/x.yml
                  two:
                    %s
                    uses: ./.github/workflows/x.yml
                """;
        assertEquals(List.of(), problems(workflow.formatted("concurrency: two")));
        assertEquals(List.of("w.yml: no concurrency group, at the top level or on every job (concurrency: group: ...)"),
                problems(workflow.formatted("if: false")));
    }

    @Test
    void runStepsNeedBashWithPipefail() {
        List<String> p = problems(Fixtures.oneJob("""
                      - run: curl -fsS https://example.invalid | tee out.txt
                """).replace("    shell: bash\n", "    shell: sh\n"));
        assertEquals(List.of("w.yml: run: steps without 'defaults: run: shell: bash' at the top level: GitHub runs them"
                + " with bash -e alone, and a command that fails before a pipe goes unnoticed"), p);
    }
}
