package io.naisrec.notebook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Java notebook headlessly: its code cells, in order, in one {@link JShellSession} (the
 * evaluator the Jupyter kernel {@link NaisKernel} uses too) on a given class path, with the
 * magics {@code %classpath} and {@code %jars} (paths relative to the notebook, globs allowed; a
 * path that matches no file stops the run) and {@code display(Object)}. A compile error, an
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
                    + "' is not a Java kernel's 'java'");
        }
        List<List<CellOutput>> all = new ArrayList<>();
        PrintStream console = System.out;
        try (JShellSession session = new JShellSession(classPath,
                notebook.file().toAbsolutePath().getParent())) {
            List<String> cells = notebook.codeCells();
            for (int c = 0; c < cells.size(); c++) {
                List<CellOutput> outputs = new ArrayList<>();
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                NotebookDisplay.setSink(value -> {
                    flush(captured, outputs);
                    outputs.add(CellOutput.displayed(value));
                });
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    String value = session.evaluate(cells.get(c));
                    flush(captured, outputs);
                    if (value != null) {
                        outputs.add(new CellOutput(CellOutput.Kind.RESULT, value, null));
                    }
                } catch (NotebookException e) {
                    throw new NotebookException(notebook.file().getFileName() + " cell " + (c + 1)
                            + ": " + e.getMessage());
                } finally {
                    System.setOut(console);
                    NotebookDisplay.setSink(value -> { });
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
}
