package io.github.mnplatform.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    private static List<String> executed(String script) {
        return ShellWords.executed(script).stream().map(e -> e.path() + "@" + e.line()).toList();
    }

    @Test
    void relativePathsInCommandPositionAreExecuted() {
        assertEquals(List.of("./mvnw@1", ".ci/run@2", "scripts/build-base.sh@3", "scripts/check.sh@4", "tools/x@5"),
                executed("""
                        ./mvnw -B -q install
                        sudo -E env "PATH=$PATH" "HOME=$HOME" .ci/run
                        ref="$(scripts/build-base.sh --registry ghcr.io --tag "sha-${GITHUB_SHA::7}")"
                        if scripts/check.sh; then echo ok; fi
                        A=1 B="two words" tools/x && echo done
                        """));
    }

    @Test
    void argumentsInterpretersRedirectionsAndHereDocumentsAreNot() {
        assertEquals(List.of(), executed("""
                bash scripts/run.sh
                echo scripts/build-base.sh > out/file.txt
                cat > ~/.m2/settings.xml <<SETTINGS
                ./not-a-command/inside-a-here-document
                SETTINGS
                "$dir/tool" --version
                /usr/bin/env true
                echo "x" 2>&1 | tee -a logs/x.log
                """));
    }

    @Test
    void linesAreCountedAcrossContinuationsAndHereDocuments() {
        assertEquals(List.of("./b@6"), executed("""
                echo a \\
                  b
                cat <<'EOF'
                text
                EOF
                ./b
                """));
    }

    @Test
    void sourcedFilesComeFromDirectivesAndLiteralArguments() {
        assertEquals(List.of("lib/common.sh", "lib/more.sh"), ShellWords.sourced("""
                # shellcheck source=lib/common.sh source-path=SCRIPTDIR
                . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
                source lib/more.sh
                """));
    }
}
