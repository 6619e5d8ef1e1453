package io.naisrec.notebook;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedCellMagic;
import org.dflib.jjava.jupyter.kernel.magic.ParsedLineMagic;

/**
 * The one Java evaluator of nais's notebooks: a JShell session executing in this JVM, used by the
 * headless {@link NotebookRunner} and by the Jupyter kernel {@link NaisKernel} alike. A cell is
 * evaluated snippet by snippet; its line magics, found by JJava's {@link MagicParser}, run
 * first: {@code %classpath} and {@code %jars} add files (paths relative to a base folder, globs
 * allowed) to the session's class path. {@code display(Object)} is defined as IJava's and JJava's
 * is, and hands the value to {@link NotebookDisplay}. Not thread-safe: one cell at a time.
 */
public final class JShellSession implements AutoCloseable {

    private final JShell shell;
    private final Path base;
    private final MagicParser magics;

    /**
     * A session whose code sees {@code classPath} (at least nais's own classes, for
     * {@code display}), with magic paths relative to {@code base}.
     */
    public JShellSession(List<Path> classPath, Path base) {
        this.shell = JShell.builder().executionEngine("local").build();
        this.base = base.toAbsolutePath();
        this.magics = new MagicParser("(?<=(?:^|=))\\s*%", "%%", new Immediate());
        classPath.forEach(p -> shell.addToClasspath(p.toString()));
        evaluate("void display(Object value) { " + NotebookDisplay.class.getName()
                + ".show(value); }");
    }

    /** Runs the magics at once and leaves no code in their place. */
    private final class Immediate extends MagicTranspiler {
        @Override
        public String transpileLine(ParsedLineMagic magic) {
            String name = magic.magicCall.name;
            if (!name.equals("classpath") && !name.equals("jars")) {
                throw new NotebookException("magic %" + name + " is not supported (only "
                        + "%classpath and %jars)");
            }
            for (String pattern : magic.magicCall.args) {
                for (String path : pattern.split(java.io.File.pathSeparator)) {
                    try {
                        addToClasspath(path);
                    } catch (NotebookException e) {
                        throw new NotebookException("%" + name + " " + e.getMessage());
                    }
                }
            }
            return "";
        }

        @Override
        public String transpileCell(ParsedCellMagic magic) {
            throw new NotebookException("cell magic %%" + magic.magicCall.name
                    + " is not supported");
        }
    }

    /**
     * Adds the files {@code pattern} names, relative to the base folder, to the class path.
     *
     * @throws NotebookException when it names no file
     */
    public void addToClasspath(String pattern) {
        List<Path> matches = glob(base, pattern);
        if (matches.isEmpty()) {
            throw new NotebookException(pattern + " matches no file (relative to " + base
                    + "; build the project with 'mvn package' first)");
        }
        matches.forEach(p -> shell.addToClasspath(p.toString()));
    }

    /**
     * Evaluates a cell: its magics, then its code snippet by snippet.
     *
     * @return the text of the last expression's value, or {@code null}
     * @throws NotebookException saying which snippet did not compile or threw
     */
    public String evaluate(String cell) {
        String remaining = magics.resolveMagics(cell);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String value = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new NotebookException("incomplete code at '" + firstLine(remaining) + "'");
            }
            value = snippet(info.source());
            remaining = info.remaining();
        }
        return value;
    }

    /** Whether {@code code} is complete, incomplete or invalid as JShell input. */
    public SourceCodeAnalysis.Completeness completeness(String code) {
        return shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
    }

    /** Completion candidates at {@code cursor}, and where the completed word starts. */
    public List<SourceCodeAnalysis.Suggestion> suggestions(String code, int cursor,
            int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    }

    /** Stops the snippet running now, if any. */
    public void stop() {
        shell.stop();
    }

    private String snippet(String snippet) {
        String value = null;
        for (SnippetEvent event : shell.eval(snippet)) {
            if (event.causeSnippet() != null) {
                continue;
            }
            if (event.exception() != null) {
                Throwable e = event.exception();
                String message = e instanceof EvalException eval
                        ? eval.getExceptionClassName() + ": " + e.getMessage() : e.getMessage();
                throw new NotebookException("exception at '" + firstLine(snippet) + "': "
                        + message);
            }
            if (event.status() == Snippet.Status.REJECTED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String diagnostics = shell.diagnostics(event.snippet())
                        .map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
                throw new NotebookException("does not compile at '" + firstLine(snippet)
                        + "': " + (diagnostics.isEmpty() ? unresolved(event.snippet())
                                : diagnostics));
            }
            boolean expression = event.snippet().kind() == Snippet.Kind.EXPRESSION
                    || event.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            value = expression && event.value() != null && !event.value().isEmpty()
                    ? plain(event.value()) : null;
        }
        return value;
    }

    /** A string value as IJava shows it: its text, not its Java literal. */
    private static String plain(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                char next = value.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private String unresolved(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet declaration) {
            return "cannot resolve " + shell.unresolvedDependencies(declaration)
                    .collect(Collectors.joining(", "));
        }
        return "rejected";
    }

    private static String firstLine(String code) {
        String line = code.strip().split("\n", 2)[0];
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    private static List<Path> glob(Path base, String pattern) {
        Path resolved = base.resolve(pattern).normalize();
        if (!pattern.contains("*")) {
            return Files.exists(resolved) ? List.of(resolved) : List.of();
        }
        Path folder = resolved.getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:"
                + resolved.getFileName());
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new NotebookException(folder + ": cannot list: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        shell.close();
    }
}
