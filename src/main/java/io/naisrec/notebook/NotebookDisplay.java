package io.naisrec.notebook;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * What {@code display(...)} does when a notebook runs under the {@link NotebookRunner}: the
 * runner defines {@code display} in its JShell session to call {@link #show}, which hands the
 * value, as a {@link CellOutput}, to the runner (images as PNG, anything else as text), as
 * IJava's own {@code display} does.
 */
public final class NotebookDisplay {

    private static volatile Consumer<CellOutput> sink = output -> { };

    private NotebookDisplay() {}

    /** Shows {@code value} in the running cell's outputs. */
    public static void show(Object value) {
        if (value instanceof RenderedImage image) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sink.accept(new CellOutput(CellOutput.Kind.DISPLAY, "<image "
                    + image.getWidth() + "x" + image.getHeight() + ">",
                    Base64.getEncoder().encodeToString(png.toByteArray())));
        } else {
            sink.accept(new CellOutput(CellOutput.Kind.DISPLAY, String.valueOf(value), null));
        }
    }

    static void setSink(Consumer<CellOutput> consumer) {
        sink = consumer;
    }
}
