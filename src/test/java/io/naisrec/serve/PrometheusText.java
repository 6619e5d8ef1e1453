package io.naisrec.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the Prometheus text exposition format (0.0.4), for tests. */
final class PrometheusText {

    private static final Pattern COMMENT = Pattern.compile(
            "# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* "
                    + "(counter|gauge|histogram|summary|untyped))");
    private static final Pattern SAMPLE = Pattern.compile(
            "(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\""
                    + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*\\})?) "
                    + "(?<value>[-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))( -?[0-9]+)?");

    private PrometheusText() {}

    /** Every sample by its name and labels; a line that is neither comment nor sample throws. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not Prometheus text: " + line);
            }
            String value = m.group("value");
            samples.put(m.group("series"), value.endsWith("Inf") ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(value));
        }
        return samples;
    }
}
