package io.naisrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package graph of the main sources, read from every reference to {@code io.naisrec.X.}
 * (imports and qualified names alike): dependencies point one way, data ← model ← eval ←
 * train, model ← zoo, everything ← cli; {@code runtime} depends on nothing and serves train and
 * cli; {@code notebook} needs only data.
 */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "naisrec");
    private static final Pattern REFERENCE = Pattern.compile("io\\.naisrec\\.([a-z]+)\\.");

    /** What each package may use besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "data", Set.of(),
            "runtime", Set.of(),
            "model", Set.of("data"),
            "eval", Set.of("data", "model"),
            "train", Set.of("data", "model", "eval", "runtime"),
            "zoo", Set.of("data", "model"),
            "notebook", Set.of("data"),
            "serve", Set.of("data", "zoo", "runtime"),
            "cli", Set.of("data", "model", "eval", "train", "zoo", "runtime", "notebook",
                    "serve"));

    /** The packages each package refers to, besides itself. */
    static Map<String, Set<String>> graph(Path root) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = root.relativize(file).getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        Map<String, Set<String>> graph = graph(MAIN);
        assertEquals(ALLOWED.keySet(), graph.keySet(), "every package has its place");
        graph.forEach((from, targets) -> assertTrue(ALLOWED.get(from).containsAll(targets),
                from + " uses " + targets + ", may use " + ALLOWED.get(from)));
    }

    @Test
    void theAllowedDependenciesPointOneWay() {
        Set<String> placed = new TreeSet<>();
        while (placed.size() < ALLOWED.size()) {
            List<String> next = ALLOWED.entrySet().stream().filter(e -> !placed.contains(
                    e.getKey()) && placed.containsAll(e.getValue())).map(Map.Entry::getKey)
                    .toList();
            assertFalse(next.isEmpty(), "a cycle among the packages that are not "
                    + placed + ": " + ALLOWED);
            placed.addAll(next);
        }
    }

    @Test
    void theGraphSeesImportsAndQualifiedNamesButNotAPackagesOwn(@TempDir Path root)
            throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("model"));
        Files.writeString(root.resolve("data/Reader.java"), String.join("\n",
                "package io.naisrec.data;", "import io.naisrec.model.NaisBlock;",
                "class Reader { io.naisrec.eval.RankingMetrics m; io.naisrec.data.IdMap ids; }"));
        Files.writeString(root.resolve("model/Block.java"), "package io.naisrec.model;\n");
        assertEquals(Map.of("data", Set.of("model", "eval"), "model", Set.of()), graph(root));
    }

    @Test
    void everyPackageSaysWhatItHolds() {
        for (String name : ALLOWED.keySet()) {
            assertTrue(Files.isRegularFile(MAIN.resolve(name).resolve("package-info.java")),
                    name);
        }
    }
}
