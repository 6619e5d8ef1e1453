package io.naisrec.notebook;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * nais's Jupyter kernel for Java: JJava's Jupyter protocol, message signing and display
 * rendering ({@code org.dflib.jjava:jjava-jupyter}) around the {@link JShellSession} that the
 * headless runner uses too. It understands the magics IJava and JJava notebooks use
 * ({@code %classpath}, {@code %jars}), defines {@code display(...)}, and shows images as
 * {@code image/png}. Cells run in the kernel's working directory, the notebook's folder when
 * Jupyter starts it.
 */
public final class NaisKernel extends BaseKernel {

    private final JShellSession session;

    private NaisKernel(String version, JShellSession session) {
        super("nais", version, new LanguageInfo.Builder("Java")
                        .version(Runtime.version().toString()).mimetype("text/x-java-source")
                        .fileExtension(".jshell").pygments("java").codemirror("java").build(),
                List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(),
                renderer(), new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
                new MagicsRegistry(), false, new StringStyler.Builder().build());
        this.session = session;
    }

    private static Renderer renderer() {
        Renderer renderer = new Renderer();
        Image.registerAll(renderer);
        Text.registerAll(renderer);
        return renderer;
    }

    /**
     * Serves the connection that Jupyter describes in {@code connectionFile} until Jupyter shuts
     * the kernel down.
     *
     * @param classPath what the cells see besides the class path their magics add (nais's own
     *     classes at least, for {@code display})
     */
    public static void serve(Path connectionFile, List<Path> classPath, String version)
            throws Exception {
        KernelConnectionProperties properties = KernelConnectionProperties.parse(
                Files.readString(connectionFile, StandardCharsets.UTF_8));
        JupyterConnection connection = new JupyterConnection(properties);
        NaisKernel kernel = new NaisKernel(version, new JShellSession(classPath,
                Path.of("").toAbsolutePath()));
        NotebookDisplay.setSink(value -> kernel.display(kernel.getRenderer().render(value)));
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }

    @Override
    public Object evalRaw(String source) {
        return session.evaluate(source);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = session.suggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return switch (session.completeness(code)) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public List<String> formatError(Throwable e) {
        return e instanceof NotebookException ? List.of(e.getMessage()) : super.formatError(e);
    }

    @Override
    public void interrupt() {
        session.stop();
    }

    @Override
    public void onShutdown(boolean restarting) {
        super.onShutdown(restarting);
        session.close();
    }
}
