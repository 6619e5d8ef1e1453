package io.naisrec.notebook;

import com.google.gson.JsonObject;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * One output of a code cell, as nbformat stores it.
 *
 * @param kind stdout text, a displayed PNG image or text, or the value of the cell's last
 *     expression
 * @param text the text (for an image, its alternative text)
 * @param png the base64 PNG of a displayed image, else {@code null}
 */
public record CellOutput(Kind kind, String text, String png) {

    /** What sort of output. */
    public enum Kind {
        /** Text printed to standard output. */
        STDOUT,
        /** Something passed to {@code display(...)}. */
        DISPLAY,
        /** The value of the cell's last expression. */
        RESULT
    }

    /** A displayed value: an image as PNG, anything else as its text. */
    static CellOutput displayed(Object value) {
        if (value instanceof RenderedImage image) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CellOutput(Kind.DISPLAY, "<image " + image.getWidth() + "x"
                    + image.getHeight() + ">", Base64.getEncoder().encodeToString(
                            png.toByteArray()));
        }
        return new CellOutput(Kind.DISPLAY, String.valueOf(value), null);
    }

    JsonObject toJson(int executionCount) {
        JsonObject json = new JsonObject();
        switch (kind) {
            case STDOUT -> {
                json.addProperty("output_type", "stream");
                json.addProperty("name", "stdout");
                json.add("text", Notebook.lines(text));
            }
            case DISPLAY, RESULT -> {
                json.addProperty("output_type", kind == Kind.DISPLAY ? "display_data"
                        : "execute_result");
                JsonObject data = new JsonObject();
                if (png != null) {
                    data.addProperty("image/png", png);
                }
                data.add("text/plain", Notebook.lines(text));
                json.add("data", data);
                json.add("metadata", new JsonObject());
                if (kind == Kind.RESULT) {
                    json.addProperty("execution_count", executionCount);
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return json;
    }
}
