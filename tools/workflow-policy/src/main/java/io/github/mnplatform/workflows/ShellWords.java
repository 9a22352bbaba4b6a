package io.github.mnplatform.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads enough of a bash script to say which files it runs directly (a relative path in command
 * position: {@code ./mvnw ...}, {@code ref="$(scripts/build-base.sh ...)"}, {@code sudo -E env
 * A=b .ci/run}) and which files it sources. Not a shell parser: words, quotes, command
 * substitution, redirections and here-documents, which is what these scripts use.
 */
final class ShellWords {

    /** A file run directly, as written (relative), and the 1-based line of the script it is on. */
    record Executed(String path, int line) {}

    /** A word: its text without quotes, whether it has no expansion, the line it starts on. */
    private record Word(String text, boolean literal, int line) {}

    private static final Set<String> KEYWORDS = Set.of("if", "then", "elif", "else", "while", "until", "do", "!", "{", "time");
    /** Commands that run the command named by their arguments. */
    private static final Set<String> WRAPPERS = Set.of("sudo", "env", "exec", "nohup", "command", "nice");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=.*", Pattern.DOTALL);
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*(['\"]?)([A-Za-z0-9_]+)\\2");
    /** A shellcheck directive naming the file that a dynamic {@code .}/{@code source} reads. */
    private static final Pattern SOURCE_DIRECTIVE = Pattern.compile("#\\s*shellcheck\\s[^\\n]*?\\bsource=(\\S+)");

    private final String s;
    private int pos;
    private int line = 1;
    private final List<List<Word>> commands = new ArrayList<>();
    private final List<String[]> pendingHeredocs = new ArrayList<>();

    private ShellWords(String script) {
        this.s = script;
    }

    /** The relative paths that SCRIPT runs directly, in order. */
    static List<Executed> executed(String script) {
        ShellWords parser = new ShellWords(script);
        parser.parse(false);
        List<Executed> out = new ArrayList<>();
        for (List<Word> command : parser.commands) {
            Word name = commandName(command);
            if (name != null && name.literal() && name.text().contains("/") && !name.text().startsWith("/")
                    && !name.text().startsWith("~")) {
                out.add(new Executed(name.text(), name.line()));
            }
        }
        return out;
    }

    /**
     * The files SCRIPT sources: a literal argument of {@code .} or {@code source}, or the
     * {@code # shellcheck source=PATH} directive that names a dynamic one. Paths as written.
     */
    static List<String> sourced(String script) {
        List<String> out = new ArrayList<>();
        Matcher m = SOURCE_DIRECTIVE.matcher(script);
        while (m.find()) {
            if (!m.group(1).equals("/dev/null")) {
                out.add(m.group(1));
            }
        }
        ShellWords parser = new ShellWords(script);
        parser.parse(false);
        for (List<Word> command : parser.commands) {
            if (command.size() >= 2 && (command.get(0).text().equals(".") || command.get(0).text().equals("source"))
                    && command.get(1).literal()) {
                out.add(command.get(1).text());
            }
        }
        return out;
    }

    /** The word that names the program, past keywords, assignments and wrappers such as sudo and env. */
    private static Word commandName(List<Word> words) {
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i).text();
            if (KEYWORDS.contains(w) || ASSIGNMENT.matcher(w).matches()) {
                i++;
            } else if (WRAPPERS.contains(w)) {
                i++;
                while (i < words.size() && words.get(i).text().startsWith("-")) {
                    // sudo -u USER / -g GROUP take a value
                    boolean takesValue = w.equals("sudo") && (words.get(i).text().equals("-u") || words.get(i).text().equals("-g"));
                    i += takesValue ? 2 : 1;
                }
            } else {
                return words.get(i);
            }
        }
        return null;
    }

    // --- the reader -------------------------------------------------------------------------

    private List<Word> current = new ArrayList<>();
    private StringBuilder word;
    private boolean literal;
    private int wordLine;
    private int wordParens;
    private boolean skipNextWord;

    /** Reads commands until the end, or until the ')' that closes a command substitution. */
    private void parse(boolean untilParen) {
        List<Word> outer = current;
        StringBuilder outerWord = word;
        boolean outerLiteral = literal;
        int outerLine = wordLine;
        int outerParens = wordParens;
        boolean outerSkip = skipNextWord;
        current = new ArrayList<>();
        word = null;
        wordParens = 0;
        skipNextWord = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            char next = pos + 1 < s.length() ? s.charAt(pos + 1) : '\0';
            if (c == '\\' && next == '\n') {
                pos += 2;
                line++;
            } else if (c == '#' && word == null) {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t') {
                endWord();
                pos++;
            } else if (c == '\n') {
                endCommand();
                pos++;
                line++;
                skipHeredocBodies();
            } else if (c == ';' || c == '&' || c == '|') {
                endCommand();
                pos++;
            } else if (c == '(' && word == null) {
                endCommand();
                pos++;
            } else if (c == '(') {
                wordParens++;
                append(c);
            } else if (c == ')' && wordParens > 0) {
                wordParens--;
                append(c);
            } else if (c == ')') {
                endCommand();
                pos++;
                if (untilParen) {
                    break;
                }
            } else if (c == '<' && next == '<' && (pos + 2 >= s.length() || s.charAt(pos + 2) != '<')) {
                endWord();
                Matcher m = HEREDOC.matcher(s).region(pos, s.length());
                if (m.lookingAt()) {
                    pendingHeredocs.add(new String[] {m.group(1), m.group(3)});
                    pos = m.end();
                } else {
                    pos += 2;
                }
            } else if (c == '<' || c == '>') {
                endWord();
                while (pos < s.length() && "<>&".indexOf(s.charAt(pos)) >= 0) {
                    pos++;
                }
                skipNextWord = pos < s.length() && s.charAt(pos) != '(';
            } else if (c == '\'') {
                startWord();
                int end = s.indexOf('\'', pos + 1);
                end = end < 0 ? s.length() : end;
                word.append(s, pos + 1, end);
                countLines(pos, end);
                pos = end + 1;
            } else if (c == '"') {
                startWord();
                pos++;
                doubleQuoted();
            } else if (c == '$') {
                dollar();
            } else if (c == '`') {
                startWord();
                literal = false;
                int end = s.indexOf('`', pos + 1);
                end = end < 0 ? s.length() : end;
                countLines(pos, end);
                pos = end + 1;
            } else {
                append(c);
            }
        }
        endCommand();
        current = outer;
        word = outerWord;
        literal = outerLiteral;
        wordLine = outerLine;
        wordParens = outerParens;
        skipNextWord = outerSkip;
    }

    private void doubleQuoted() {
        while (pos < s.length() && s.charAt(pos) != '"') {
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length()) {
                word.append(s.charAt(pos + 1));
                pos += 2;
            } else if (c == '$') {
                dollar();
            } else {
                if (c == '\n') {
                    line++;
                }
                word.append(c);
                pos++;
            }
        }
        pos++;
    }

    /** $(...) is read as commands of its own; ${...} and $NAME make the word non-literal. */
    private void dollar() {
        startWord();
        literal = false;
        char next = pos + 1 < s.length() ? s.charAt(pos + 1) : '\0';
        if (next == '(') {
            pos += 2;
            parse(true);
        } else if (next == '{') {
            int depth = 0;
            do {
                char c = s.charAt(pos);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                word.append(c);
                pos++;
            } while (pos < s.length() && depth > 0);
        } else {
            word.append('$');
            pos++;
        }
    }

    private void startWord() {
        if (word == null) {
            word = new StringBuilder();
            literal = true;
            wordLine = line;
        }
    }

    private void append(char c) {
        startWord();
        word.append(c);
        pos++;
    }

    private void endWord() {
        if (word != null) {
            if (skipNextWord) {
                skipNextWord = false;
            } else {
                current.add(new Word(word.toString(), literal, wordLine));
            }
            word = null;
            wordParens = 0;
        }
    }

    private void endCommand() {
        endWord();
        skipNextWord = false;
        if (!current.isEmpty()) {
            commands.add(current);
            current = new ArrayList<>();
        }
    }

    /** After a newline: the bodies of the here-documents opened on the line before are text, not commands. */
    private void skipHeredocBodies() {
        for (String[] heredoc : pendingHeredocs) {
            boolean stripTabs = !heredoc[0].isEmpty();
            while (pos < s.length()) {
                int end = s.indexOf('\n', pos);
                end = end < 0 ? s.length() : end;
                String text = s.substring(pos, end);
                pos = Math.min(end + 1, s.length());
                line++;
                if ((stripTabs ? text.replaceFirst("^\t+", "") : text).equals(heredoc[1])) {
                    break;
                }
            }
        }
        pendingHeredocs.clear();
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
    }
}
