package io.naisrec.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an IJava notebook headlessly: its code cells, in order, in one JShell session (the JDK's
 * {@code jdk.jshell} API, executing in this JVM) on a given class path. It understands the IJava
 * line magics the notebooks use, {@code %jars} and {@code %classpath} (paths relative to the
 * notebook, globs allowed; a path that matches no file stops the run), and defines IJava's
 * {@code display(Object)}. A compile error, an
 * unresolved reference or an exception in any cell stops the run with a {@link NotebookException}
 * naming the notebook, the cell and the reason. Outputs (standard output, displayed images and
 * text, the last expression's value) are collected per cell and can be written back into the
 * notebook. Runs are serialised across the JVM: {@code System.out} is captured while a cell
 * runs.
 */
public final class NotebookRunner {

    private static final Logger LOG = LoggerFactory.getLogger(NotebookRunner.class);

    /** One notebook at a time per JVM: System.out and the display sink are process-wide. */
    private static final Object LOCK = new Object();

    private final List<Path> classPath;

    /** A runner whose sessions see {@code classPath} (the project and its dependencies). */
    public NotebookRunner(List<Path> classPath) {
        this.classPath = List.copyOf(classPath);
    }

    /**
     * Runs every code cell of {@code notebook} and stores its outputs in it.
     *
     * @return the outputs of each code cell
     */
    public List<List<CellOutput>> run(Notebook notebook) {
        synchronized (LOCK) {
            return runAlone(notebook);
        }
    }

    private List<List<CellOutput>> runAlone(Notebook notebook) {
        if (!notebook.kernel().equals("java")) {
            throw new NotebookException(notebook.file() + ": kernelspec '" + notebook.kernel()
                    + "' is not IJava's 'java'");
        }
        List<List<CellOutput>> all = new ArrayList<>();
        PrintStream console = System.out;
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            classPath.forEach(p -> shell.addToClasspath(p.toString()));
            evaluate(shell, notebook, 0, "void display(Object value) { "
                    + NotebookDisplay.class.getName() + ".show(value); }");
            List<String> cells = notebook.codeCells();
            for (int c = 0; c < cells.size(); c++) {
                List<CellOutput> outputs = new ArrayList<>();
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                NotebookDisplay.setSink(output -> {
                    flush(captured, outputs);
                    outputs.add(output);
                });
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    String code = magics(shell, notebook, c + 1, cells.get(c));
                    String value = evaluateCell(shell, notebook, c + 1, code);
                    flush(captured, outputs);
                    if (value != null) {
                        outputs.add(new CellOutput(CellOutput.Kind.RESULT, value, null));
                    }
                } finally {
                    System.setOut(console);
                    NotebookDisplay.setSink(output -> { });
                }
                LOG.info("{}: cell {} of {} ran", notebook.file().getFileName(), c + 1,
                        cells.size());
                notebook.setOutputs(c, c + 1, outputs);
                all.add(outputs);
            }
        }
        return all;
    }

    private static void flush(ByteArrayOutputStream captured, List<CellOutput> outputs) {
        if (captured.size() > 0) {
            outputs.add(new CellOutput(CellOutput.Kind.STDOUT,
                    captured.toString(StandardCharsets.UTF_8), null));
            captured.reset();
        }
    }

    /** Applies the cell's leading magic lines and returns the rest of its code. */
    private String magics(JShell shell, Notebook notebook, int cell, String source) {
        List<String> code = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("%%")) {
                throw new NotebookException(where(notebook, cell) + ": cell magic " + trimmed
                        + " is not supported");
            }
            if (!trimmed.startsWith("%")) {
                code.add(line);
                continue;
            }
            String[] words = trimmed.split("\\s+");
            if (!words[0].equals("%jars") && !words[0].equals("%classpath")) {
                throw new NotebookException(where(notebook, cell) + ": magic " + words[0]
                        + " is not supported (only %jars and %classpath)");
            }
            for (int w = 1; w < words.length; w++) {
                List<Path> matches = glob(notebook.file().toAbsolutePath().getParent(), words[w]);
                if (matches.isEmpty()) {
                    throw new NotebookException(where(notebook, cell) + ": " + words[0] + " "
                            + words[w] + " matches no file (relative to the notebook; build the "
                            + "project with 'mvn package' first)");
                }
                matches.forEach(p -> shell.addToClasspath(p.toString()));
            }
        }
        return String.join("\n", code);
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

    /** Evaluates a cell snippet by snippet; returns the last expression's value, if any. */
    private String evaluateCell(JShell shell, Notebook notebook, int cell, String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        String value = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new NotebookException(where(notebook, cell) + ": incomplete code at '"
                        + firstLine(remaining) + "'");
            }
            value = evaluate(shell, notebook, cell, info.source());
            remaining = info.remaining();
        }
        return value;
    }

    private String evaluate(JShell shell, Notebook notebook, int cell, String snippet) {
        String value = null;
        for (SnippetEvent event : shell.eval(snippet)) {
            if (event.causeSnippet() != null) {
                continue;
            }
            if (event.exception() != null) {
                Throwable e = event.exception();
                String message = e.getMessage();
                if (e instanceof jdk.jshell.EvalException eval) {
                    message = eval.getExceptionClassName() + ": " + e.getMessage();
                }
                throw new NotebookException(where(notebook, cell) + ": exception at '"
                        + firstLine(snippet) + "': " + message);
            }
            if (event.status() == Snippet.Status.REJECTED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String diagnostics = shell.diagnostics(event.snippet())
                        .map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
                throw new NotebookException(where(notebook, cell) + ": does not compile at '"
                        + firstLine(snippet) + "': " + (diagnostics.isEmpty()
                                ? unresolved(shell, event.snippet()) : diagnostics));
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

    private static String unresolved(JShell shell, Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet declaration) {
            return "cannot resolve " + shell.unresolvedDependencies(declaration)
                    .collect(Collectors.joining(", "));
        }
        return "rejected";
    }

    private static String where(Notebook notebook, int cell) {
        return notebook.file().getFileName() + " cell " + cell;
    }

    private static String firstLine(String code) {
        String line = code.strip().split("\n", 2)[0];
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
