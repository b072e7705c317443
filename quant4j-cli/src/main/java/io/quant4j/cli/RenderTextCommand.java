package io.quant4j.cli;

import io.quant4j.data.image.PngWriter;
import io.quant4j.data.text.OrientedLine;
import io.quant4j.data.text.TextBox;
import io.quant4j.data.text.TextLine;
import io.quant4j.data.text.TextPage;
import io.quant4j.data.text.TextRenderer;
import io.quant4j.errors.Quant4jException;
import io.quant4j.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quant4j render-text --kind det|rec|cls --count N --out DIR [--seed S] [--width W --height H]}:
 * writes rendered printed text ({@link TextRenderer}, DejaVu fonts) for PaddleOCR's models into a
 * new or empty folder:
 * <pre>
 *   det  DIR/page_0000.png ...  W x H pages (default 480 x 480, multiples of 32)
 *        DIR/boxes.tsv          file, x, y, width, height, text: one row per line of text
 *   rec  DIR/line_0000.png ...  W x H lines (default 320 x 48), padded with grey 128
 *        DIR/labels.tsv         file, text
 *   cls  DIR/0/cls_0000.png     upright lines (default 192 x 48)
 *        DIR/1/cls_0001.png     lines turned by 180 degrees: even indices upright, odd turned,
 *                               an ImageFolder layout (class 0 upright, 1 turned)
 * </pre>
 * Image {@code i} is drawn from {@code TextRenderer.sampleSeed(seed, i)}, so a set repeats exactly
 * and its first images do not depend on {@code --count}. A non-empty {@code DIR} is refused:
 * the command never overwrites or mixes sets. Images are written in parallel, each atomically.
 */
@Command(name = "render-text", mixinStandardHelpOptions = true,
        description = "Render printed text for OCR models: detector pages, recognizer lines or direction-classifier lines.")
public final class RenderTextCommand implements Callable<Integer> {
    /** What to render. */
    enum Kind {
        DET(480, 480), REC(320, 48), CLS(192, 48);

        final int width;
        final int height;

        Kind(int width, int height) {
            this.width = width;
            this.height = height;
        }
    }

    /** Parses det, rec or cls (any case). */
    static final class KindConverter implements CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected det, rec or cls, found '" + value + "'");
            }
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--kind", required = true, converter = KindConverter.class,
            description = "det (pages and boxes.tsv), rec (lines and labels.tsv) or cls (folders 0 and 1).")
    Kind kind;

    @Option(names = "--count", required = true, converter = OptionValues.Positive.class, description = "Images to write.")
    int count;

    @Option(names = "--out", required = true, description = "A new or empty folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the set (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--width", converter = OptionValues.Positive.class,
            description = "Image width (default: det 480, rec 320, cls 192).")
    Integer width;

    @Option(names = "--height", converter = OptionValues.Positive.class,
            description = "Image height (default: det 480, rec 48, cls 48).")
    Integer height;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        int w = width != null ? width : kind.width;
        int h = height != null ? height : kind.height;
        checkSize(w, h);
        if (count > 1_000_000) {
            throw usage("--count " + count + ": expected at most 1000000 images per folder; write several folders with different --seed");
        }
        TextRenderer renderer = TextRenderer.dejavu();
        prepareFolder();
        long start = System.nanoTime();
        String name = "%0" + Math.max(4, Integer.toString(count - 1).length()) + "d";
        String[] rows = new String[count];
        try {
            IntStream.range(0, count).parallel().forEach(i -> rows[i] = renderOne(renderer, i, name, w, h));
        } catch (UncheckedIOException e) {
            throw cannotWrite(e.getCause());
        }
        int lines = 0;
        if (kind != Kind.CLS) {
            StringBuilder tsv = new StringBuilder(kind == Kind.DET ? "file\tx\ty\twidth\theight\ttext\n" : "file\ttext\n");
            for (String r : rows) {
                tsv.append(r);
                lines += (int) r.chars().filter(c -> c == '\n').count();
            }
            Path file = out.resolve(kind == Kind.DET ? "boxes.tsv" : "labels.tsv");
            try {
                AtomicFiles.writeString(file, tsv.toString());
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String what = switch (kind) {
            case DET -> "detector pages; " + lines + " text lines in " + out.resolve("boxes.tsv");
            case REC -> "recognizer lines; texts in " + out.resolve("labels.tsv");
            case CLS -> "direction-classifier lines; " + (count + 1) / 2 + " upright in " + out.resolve("0") + ", " + count / 2
                    + " turned by 180 degrees in " + out.resolve("1");
        };
        System.out.printf(Locale.ROOT, "wrote %d %d x %d %s (%.1f s)%n", count, w, h, what, seconds);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", kind.name().toLowerCase(Locale.ROOT));
            o.put("count", count);
            o.put("out", out.toAbsolutePath().normalize().toString());
            o.put("seconds", seconds);
            o.put("width", w);
            o.put("height", h);
            o.put("seed", seed);
            System.out.println(Json.result(o));
        }
        return 0;
    }

    /** Renders and writes image {@code i}; returns its TSV rows (none for cls). */
    private String renderOne(TextRenderer renderer, int i, String name, int w, int h) {
        long s = TextRenderer.sampleSeed(seed, i);
        try {
            switch (kind) {
                case DET -> {
                    String file = "page_" + String.format(Locale.ROOT, name, i) + ".png";
                    TextPage page = renderer.page(s, w, h);
                    write(page.image(), out.resolve(file));
                    StringBuilder sb = new StringBuilder();
                    for (TextBox b : page.boxes()) {
                        sb.append(file).append('\t').append(b.x()).append('\t').append(b.y()).append('\t').append(b.width())
                                .append('\t').append(b.height()).append('\t').append(b.text()).append('\n');
                    }
                    return sb.toString();
                }
                case REC -> {
                    String file = "line_" + String.format(Locale.ROOT, name, i) + ".png";
                    TextLine line = renderer.line(s, w, h);
                    write(line.image(), out.resolve(file));
                    return file + "\t" + line.text() + "\n";
                }
                default -> {
                    OrientedLine line = renderer.orientedLine(s, w, h, i % 2 == 1);
                    write(line.image(), out.resolve(Integer.toString(line.label())).resolve("cls_" + String.format(Locale.ROOT, name, i) + ".png"));
                    return "";
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(io.quant4j.data.image.Image8 image, Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " appeared while writing: another process writes into the same folder");
        }
        PngWriter.write(image, file);
    }

    private void checkSize(int w, int h) {
        if (kind == Kind.DET) {
            if (w < 64 || h < 64 || w > 8192 || h > 8192 || w % 32 != 0 || h % 32 != 0) {
                throw usage("--width " + w + " --height " + h + ": expected a page of 64 to 8192 pixels a side in multiples of 32"
                        + " (the detector downsamples by 32), e.g. --width 640 --height 480");
            }
        } else if (h < 16 || h > 512 || w < 2 * h || w > 8192) {
            throw usage("--width " + w + " --height " + h + ": expected a line height of 16 to 512 and a width of twice the"
                    + " height to 8192 pixels; PaddleOCR reads " + kind.width + " x " + kind.height);
        }
    }

    private void prepareFolder() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Quant4jException("--out " + out + " is a file: expected a new or empty folder", out.toString(),
                    "Give a folder path.", null);
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                long n = s.count();
                if (n > 0) {
                    throw new Quant4jException("--out " + out + " holds " + n + " entries: expected a new or empty folder"
                            + " (render-text never overwrites or mixes sets)", out.toString(),
                            "Give a new folder, or remove this one first.", null);
                }
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }
        try {
            Files.createDirectories(out);
            if (kind == Kind.CLS) {
                Files.createDirectories(out.resolve("0"));
                Files.createDirectories(out.resolve("1"));
            }
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    private Quant4jException cannotWrite(IOException e) {
        return new Quant4jException("cannot write the rendered images: " + e.getMessage(), out.toString(),
                "Check that the folder is writable and the disk has room.", e);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
