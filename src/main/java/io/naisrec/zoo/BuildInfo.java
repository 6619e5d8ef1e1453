package io.naisrec.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Which nais this is: the version, and the git commit it was built from when the build ran in a
 * git checkout (with {@code -dirty} when it had uncommitted changes), from the
 * {@code build.properties} the build writes into the jar.
 */
public final class BuildInfo {

    private static final Properties BUILD = load();

    private BuildInfo() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} outside a build. */
    public static String version() {
        return value("version", "unknown");
    }

    /** The git commit, with {@code -dirty} for uncommitted changes; null when not built in git. */
    public static String commit() {
        String commit = value("commit", null);
        return commit == null ? null : commit + ("true".equals(value("dirty", "")) ? "-dirty" : "");
    }

    /** {@code nais} → version, and {@code nais_commit} → commit when known. */
    public static Map<String, String> describe() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("nais", version());
        if (commit() != null) {
            fields.put("nais_commit", commit());
        }
        return fields;
    }

    private static String value(String key, String absent) {
        String value = BUILD.getProperty(key);
        return value == null || value.isBlank() || value.startsWith("${") ? absent : value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/naisrec/build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource means an unknown build, which describe() says
        }
        return properties;
    }
}
