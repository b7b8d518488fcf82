package dev.onstage.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * Plots due-to-receipt latency (p50, p99, max) against subscriber count, per target, from the harness's CSV, as a PNG
 * (java.awt, headless: nothing to install), and prints a Markdown table of the same runs. When a target and count ran
 * several times (lines with the given label), each figure is the median of those runs.
 *
 * <pre>bench/fanout plot results.csv docs/fanout-latency.png [label]</pre>
 */
public final class FanOutPlot {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 250;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Map<String, Color> COLORS = Map.of("notification", new Color(0x1f77b4), "peer",
            new Color(0xff7f0e), "nchan", new Color(0x2ca02c));

    private FanOutPlot() {
    }

    private static String displayName(String target) {
        return switch (target) {
            case "notification" -> "notification-service";
            case "peer" -> "Node.js peer";
            case "nchan" -> "nginx + nchan";
            default -> target;
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("Usage: FanOutPlot results.csv out.png [label]");
            System.exit(2);
        }
        plot(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : null);
    }

    static void plot(Path csv, Path png, String label) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        // target -> subscribers -> runs
        Map<String, TreeMap<Integer, List<List<String>>>> runs = new LinkedHashMap<>();
        String description = "";
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            if (label != null && !f.get(header.indexOf("label")).equals(label)) {
                continue;
            }
            runs.computeIfAbsent(f.get(header.indexOf("target")), t -> new TreeMap<>())
                    .computeIfAbsent((int) number(f, header, "subscribers"), n -> new ArrayList<>()).add(f);
            description = String.format(Locale.ROOT, "%s talks, %s rooms, a talk per room every %s min, replay at %sx",
                    f.get(header.indexOf("talks")), f.get(header.indexOf("rooms")),
                    f.get(header.indexOf("slot_minutes")), f.get(header.indexOf("speed")).replaceAll("\\.0+$", ""));
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no lines" + (label == null ? "" : " labelled " + label) + " in " + csv);
        }
        // target -> subscribers -> median {p50, p99, max}
        Map<String, TreeMap<Integer, double[]>> series = new LinkedHashMap<>();
        runs.forEach((target, byCount) -> byCount.forEach((n, lines2) -> series
                .computeIfAbsent(target, t -> new TreeMap<>()).put(n, new double[] {
                        median(lines2, header, "p50_ms"), median(lines2, header, "p99_ms"),
                        median(lines2, header, "max_ms") })));
        printSummary(runs, header);
        int minN = series.values().stream().mapToInt(TreeMap::firstKey).min().orElse(1);
        int maxN = series.values().stream().mapToInt(TreeMap::lastKey).max().orElse(10);
        double minMs = series.values().stream().flatMap(s -> s.values().stream())
                .mapToDouble(p -> p[0]).filter(x -> x > 0).min().orElse(1);
        double maxMs = series.values().stream().flatMap(s -> s.values().stream()).mapToDouble(p -> p[2]).max()
                .orElse(100);
        double x0 = Math.floor(Math.log10(minN));
        double x1 = Math.max(Math.ceil(Math.log10(maxN)), x0 + 1);
        double y0 = Math.floor(Math.log10(Math.min(minMs, 50)));
        double y1 = Math.ceil(Math.log10(Math.max(maxMs, 50)));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        Scale sx = v -> LEFT + (int) Math.round((Math.log10(v) - x0) / (x1 - x0) * plotW);
        Scale sy = v -> TOP + plotH - (int) Math.round((Math.log10(Math.max(v, Math.pow(10, y0))) - y0) / (y1 - y0) * plotH);

        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(font);
        // grid and axes
        for (double e = y0; e <= y1 + 1e-9; e++) {
            for (int m = 1; m < 10 && e + Math.log10(m) <= y1 + 1e-9; m++) {
                double v = m * Math.pow(10, e);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(LEFT, sy.at(v), LEFT + plotW, sy.at(v));
                if (m == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String text = formatMs(v);
                    g.drawString(text, LEFT - 10 - g.getFontMetrics().stringWidth(text), sy.at(v) + 5);
                }
            }
        }
        for (double e = x0; e <= x1 + 1e-9; e++) {
            for (int m = 1; m < 10 && e + Math.log10(m) <= x1 + 1e-9; m++) {
                double v = m * Math.pow(10, e);
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(sx.at(v), TOP, sx.at(v), TOP + plotH);
                if (m == 1 || m == 2 || m == 5) {
                    g.setColor(Color.DARK_GRAY);
                    String text = String.format(Locale.ROOT, "%,d", (long) v);
                    g.drawString(text, sx.at(v) - g.getFontMetrics().stringWidth(text) / 2, TOP + plotH + 20);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        // the goal
        g.setColor(new Color(0xd62728));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 8, 6 }, 0));
        g.drawLine(LEFT, sy.at(50), LEFT + plotW, sy.at(50));
        g.drawString("goal: p99 \u2264 50 ms", LEFT + 8, sy.at(50) - 6);

        Stroke[] strokes = { new BasicStroke(2.5f), new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
                10, new float[] { 10, 6 }, 0), new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10,
                        new float[] { 2, 4 }, 0) };
        String[] names = { "p50", "p99", "max" };
        int legendY = TOP + 10;
        for (Map.Entry<String, TreeMap<Integer, double[]>> s : series.entrySet()) {
            Color color = COLORS.getOrDefault(s.getKey(), Color.GRAY);
            for (int q = 0; q < 3; q++) {
                g.setColor(color);
                g.setStroke(strokes[q]);
                List<int[]> points = new ArrayList<>();
                for (Map.Entry<Integer, double[]> p : s.getValue().entrySet()) {
                    if (!Double.isNaN(p.getValue()[q])) {
                        points.add(new int[] { sx.at(p.getKey()), sy.at(p.getValue()[q]) });
                    }
                }
                for (int i = 1; i < points.size(); i++) {
                    g.drawLine(points.get(i - 1)[0], points.get(i - 1)[1], points.get(i)[0], points.get(i)[1]);
                }
                g.setStroke(new BasicStroke(1));
                for (int[] p : points) {
                    g.fillOval(p[0] - 3, p[1] - 3, 7, 7);
                }
                g.setStroke(strokes[q]);
                g.drawLine(WIDTH - RIGHT + 20, legendY, WIDTH - RIGHT + 60, legendY);
                g.setColor(Color.BLACK);
                g.drawString(displayName(s.getKey()) + " "
                        + names[q], WIDTH - RIGHT + 66, legendY + 5);
                legendY += 22;
            }
            legendY += 10;
        }
        g.setColor(Color.BLACK);
        g.setFont(font.deriveFont(Font.BOLD, 16f));
        g.drawString("Reminder fan-out: due-to-received latency", LEFT, 28);
        g.setFont(font);
        g.drawString(description + "; half WebSocket, half SSE", LEFT, 48);
        g.drawString("subscribers (log scale)", LEFT + plotW / 2 - 60, HEIGHT - 25);
        g.rotate(-Math.PI / 2);
        g.drawString("latency, ms (log scale)", -(TOP + plotH / 2 + 70), 25);
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static final String[][] SUMMARY = {
            { "p50 ms", "p50_ms", "%.0f" }, { "p99 ms", "p99_ms", "%.0f" }, { "max ms", "max_ms", "%.0f" },
            { "msgs/s", "msgs_per_s", "%,.0f" }, { "server CPU us/msg", "server_cpu_us_per_msg", "%.1f" },
            { "conn/s", "connect_per_s", "%,.0f" }, { "heap KiB/conn", "heap_per_conn_kib", "%.1f" },
            { "RSS KiB/conn", "rss_per_conn_kib", "%.1f" }, { "clock p99 ms", "clock_p99_ms", "%.1f" },
            { "missing", "missing", "%.0f" } };

    /** A Markdown table of the medians per target and subscriber count, then notification-service / peer ratios. */
    private static void printSummary(Map<String, TreeMap<Integer, List<List<String>>>> runs, List<String> header) {
        StringBuilder out = new StringBuilder("| target | subscribers | runs |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|");
        for (String[] column : SUMMARY) {
            out.append(' ').append(column[0]).append(" |");
            rule.append("---:|");
        }
        out.append('\n').append(rule).append('\n');
        TreeMap<Integer, Map<String, double[]>> byCount = new TreeMap<>();
        runs.forEach((target, counts) -> counts.forEach((n, lines) -> {
            out.append("| ").append(target).append(" | ").append(String.format(Locale.ROOT, "%,d", n)).append(" | ")
                    .append(lines.size()).append(" |");
            double[] medians = new double[SUMMARY.length];
            for (int i = 0; i < SUMMARY.length; i++) {
                medians[i] = median(lines, header, SUMMARY[i][1]);
                out.append(' ').append(Double.isNaN(medians[i]) ? "n/a"
                        : String.format(Locale.ROOT, SUMMARY[i][2], medians[i])).append(" |");
            }
            out.append('\n');
            byCount.computeIfAbsent(n, k -> new LinkedHashMap<>()).put(target, medians);
        }));
        byCount.forEach((n, targets) -> {
            double[] ours = targets.get("notification");
            double[] peer = targets.get("peer");
            if (ours != null && peer != null) {
                out.append(String.format(Locale.ROOT, "%nnotification-service / peer at %,d subscribers: p99 x%.2f, "
                        + "msgs/s x%.2f, CPU per message x%.2f, conn/s x%.2f, heap/conn x%.2f, RSS/conn x%.2f", n,
                        ours[1] / peer[1], ours[3] / peer[3], ours[4] / peer[4], ours[5] / peer[5], ours[6] / peer[6],
                        ours[7] / peer[7]));
            }
        });
        System.out.println(out);
    }

    private static double median(List<List<String>> lines, List<String> header, String column) {
        double[] values = lines.stream().mapToDouble(f -> number(f, header, column)).filter(x -> !Double.isNaN(x))
                .sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private interface Scale {
        int at(double value);
    }

    private static String formatMs(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.0f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static double number(List<String> fields, List<String> header, String column) {
        int index = header.indexOf(column);
        String value = index < 0 || index >= fields.size() ? "" : fields.get(index);
        return value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    /** CSV fields; quoted ones may hold commas. */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
