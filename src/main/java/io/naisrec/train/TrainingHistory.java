package io.naisrec.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** Writes a run's epochs as CSV and as a PNG chart of loss and HR/NDCG per epoch (XChart). */
public final class TrainingHistory {

    private TrainingHistory() {}

    /**
     * {@code epoch,loss,hr,ndcg,beta,seconds,heap_mb,rss_mb}, one line per epoch; empty where
     * not measured (HR and NDCG between evaluations, β for FISM).
     */
    public static void writeCsv(List<EpochRecord> records, Path file) throws IOException {
        StringBuilder text = new StringBuilder("epoch,loss,hr,ndcg,beta,seconds,heap_mb,rss_mb\n");
        for (EpochRecord r : records) {
            text.append(String.format(Locale.ROOT, "%d,%.6f,%s,%s,%s,%.3f,%d,%d%n", r.epoch(),
                    r.loss(), orEmpty(r.hitRatio()), orEmpty(r.ndcg()), orEmpty(r.beta()),
                    r.seconds(), r.heapMb(), r.rssMb()));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String orEmpty(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }

    /** A PNG chart of the training loss and of HR@K and NDCG@K per epoch. */
    public static void writeChart(String title, int k, List<EpochRecord> records, Path file)
            throws IOException {
        String name = file.getFileName().toString();
        String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart(title, k, records), file.resolveSibling(base).toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    /** The chart of the training loss and of HR@K and NDCG@K per epoch. */
    public static XYChart chart(String title, int k, List<EpochRecord> records) {
        XYChart chart = new XYChartBuilder().width(800).height(480).title(title)
                .xAxisTitle("epoch").yAxisTitle("value").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(5);
        double[] epochs = records.stream().mapToDouble(EpochRecord::epoch).toArray();
        double[] loss = records.stream().mapToDouble(EpochRecord::loss).toArray();
        chart.addSeries("training loss", epochs, loss).setXYSeriesRenderStyle(
                XYSeries.XYSeriesRenderStyle.Line);
        List<EpochRecord> evaluated = records.stream().filter(EpochRecord::evaluated).toList();
        if (!evaluated.isEmpty()) {
            double[] at = evaluated.stream().mapToDouble(EpochRecord::epoch).toArray();
            chart.addSeries("HR@" + k, at,
                    evaluated.stream().mapToDouble(EpochRecord::hitRatio).toArray());
            chart.addSeries("NDCG@" + k, at,
                    evaluated.stream().mapToDouble(EpochRecord::ndcg).toArray());
        }
        return chart;
    }
}
