package io.quant4j.data.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The PIL fixtures under {@code src/test/resources/io/quant4j/data/image} (made by
 * {@code make_pil_reference.py}, see the README there): input images, PIL's expected outputs and
 * the list of cases, with the Java side of each case.
 */
final class PilFixtures {
    private static final String DIR = "/io/quant4j/data/image/";

    private PilFixtures() {
    }

    /**
     * One line of {@code cases.tsv}: decode {@code input} in {@code mode}, apply {@code op} with
     * {@code args}, compare with {@code expected}.
     */
    record Case(String input, ColorMode mode, String op, int[] args, String expected) {
        boolean lossyInput() {
            return input.endsWith(".jpg");
        }

        Image8 decodedInput() {
            return ImageDecoder.decode(bytes("inputs/" + input), input, mode);
        }

        Image8 expectedOutput() {
            return ImageDecoder.decode(bytes("expected/" + expected), expected, mode);
        }

        /** The Java transform this case names, applied to the decoded input. */
        Image8 run() {
            Image8 in = decodedInput();
            RandomGenerator unused = RandomGenerator.of("L64X128MixRandom");
            return switch (op) {
                case "decode" -> in;
                case "resize" -> new Resize(args[0]).apply(in, unused);
                case "resize_hw" -> new Resize(args[0], args[1]).apply(in, unused);
                case "center_crop" -> new CenterCrop(args[0], args[1]).apply(in, unused);
                case "resize_center_crop" -> ImagePipeline.of(new Resize(args[0]), new CenterCrop(args[1], args[2]))
                        .apply(in, unused);
                case "resized_crop" -> new RandomResizedCrop(args[4], args[5], 0.08, 1.0, 0.75, 4.0 / 3)
                        .apply(in, new CropBox(args[0], args[1], args[2], args[3]));
                case "hflip" -> new RandomHorizontalFlip(1.0).apply(in, unused);
                default -> throw new IllegalArgumentException("unknown op in cases.tsv: " + op);
            };
        }

        @Override
        public String toString() {
            return input + " " + mode + " " + op + Arrays.toString(args);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String line : new String(bytes("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int[] args = f[3].isEmpty() ? new int[0] : Arrays.stream(f[3].split(",")).mapToInt(Integer::parseInt).toArray();
            cases.add(new Case(f[0], ColorMode.valueOf(f[1]), f[2], args, f[4]));
        }
        return cases;
    }

    static byte[] bytes(String name) {
        try (InputStream in = PilFixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + name + "; run make_pil_reference.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
