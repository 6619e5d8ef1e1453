package io.naisrec.zoo;

import io.naisrec.data.DataException;
import java.util.regex.Pattern;

/** Plain file names inside a model folder. */
final class SafeNames {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SafeNames() {}

    /** {@code name} when it is a plain file name: no folder, no {@code ..}, not absolute. */
    static String check(String name) {
        if (!PLAIN.matcher(name).matches() || name.contains("..")) {
            throw new DataException("unsafe file name in a model folder: '" + name
                    + "' (only plain names, no '..', '/' or absolute paths)");
        }
        return name;
    }
}
