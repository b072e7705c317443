package io.quant4j.onnx;

import io.quant4j.nn.Module;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The accuracy a user gets from an exported file: the file run in ONNX Runtime over labelled
 * batches, next to the Java simulation of the same model on the same batches, sample by sample.
 *
 * <pre>
 *   onnxAccuracy      = #(argmax ort_i == label_i) / images
 *   simulatedAccuracy = #(argmax java_i == label_i) / images
 *   disagreements     = #(argmax ort_i != argmax java_i)
 * </pre>
 * Argmax is the first index of the largest value, on both sides. The verification gate checks a
 * few batches before a file is written; this measures the whole evaluation set after, so that the
 * figure a command prints for an ONNX file is the one an independent evaluation of that file gives
 * ({@code quant4j eval --onnx FILE}, same threads and data).
 *
 * @param file the evaluated ONNX file
 * @param images samples evaluated
 * @param onnxCorrect samples ONNX Runtime classifies correctly
 * @param simulatedCorrect samples the Java simulation classifies correctly
 * @param disagreements samples whose predicted class differs between the two
 */
public record DeployedAccuracy(Path file, long images, long onnxCorrect, long simulatedCorrect, long disagreements) {
    /** Simulated and deployed accuracy may differ by this much (0.05 point) before a warning. */
    public static final double WARNING_GAP = 0.0005;

    /**
     * Runs {@code file} in ONNX Runtime and {@code simulated} in Java (eval, no gradients) on every
     * batch.
     *
     * @param batches labelled batches
     */
    public static DeployedAccuracy measure(Path file, Module simulated, Iterable<ImageBatch> batches, OrtOptions options) {
        long images = 0;
        long onnxCorrect = 0;
        long javaCorrect = 0;
        long differ = 0;
        try (OrtRunner runner = OrtRunner.open(file, options)) {
            for (ImageBatch b : batches) {
                if (b.labels() == null) {
                    throw new IllegalArgumentException("measuring accuracy needs labelled batches");
                }
                int[] po = OrtRunner.argmax(runner.run(b.data(), b.shape()).values(), b.size());
                int[] pj = OrtRunner.argmax(OnnxVerifier.javaForward(simulated, b), b.size());
                for (int i = 0; i < b.size(); i++) {
                    onnxCorrect += po[i] == b.labels()[i] ? 1 : 0;
                    javaCorrect += pj[i] == b.labels()[i] ? 1 : 0;
                    differ += po[i] != pj[i] ? 1 : 0;
                }
                images += b.size();
            }
        }
        return new DeployedAccuracy(file, images, onnxCorrect, javaCorrect, differ);
    }

    /** Top-1 accuracy of the file in ONNX Runtime. */
    public double onnxAccuracy() {
        return images == 0 ? Double.NaN : (double) onnxCorrect / images;
    }

    /** Top-1 accuracy of the Java simulation on the same samples. */
    public double simulatedAccuracy() {
        return images == 0 ? Double.NaN : (double) simulatedCorrect / images;
    }

    /** Whether the two accuracies differ by more than {@link #WARNING_GAP}. */
    public boolean gapTooLarge() {
        return Math.abs(onnxAccuracy() - simulatedAccuracy()) > WARNING_GAP;
    }

    /** One line: both accuracies and the disagreements. */
    public String summary() {
        return String.format(Locale.ROOT, "%s in ONNX Runtime: top-1 %.2f %% on %,d images (simulated %.2f %%; %d images"
                + " classified differently)", file, 100 * onnxAccuracy(), images, 100 * simulatedAccuracy(), disagreements);
    }

    /** The warning to print when {@link #gapTooLarge()}, else null. */
    public String warning() {
        if (!gapTooLarge()) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: deployed accuracy in ONNX Runtime %.2f %% differs from the simulated %.2f %%"
                        + " by %+.2f pt (%d of %,d images classified differently); the ONNX figure is what users get",
                file, 100 * onnxAccuracy(), 100 * simulatedAccuracy(), 100 * (onnxAccuracy() - simulatedAccuracy()),
                disagreements, images);
    }
}
