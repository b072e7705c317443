package io.quant4j.quantization.ptq;

import java.util.List;
import java.util.Locale;

/**
 * A calibrated quantizer whose amax clips a noticeable share of the values it observed: every
 * value above amax is quantized to amax, so detail in the bright tail is lost. Clipping is
 * sometimes right (the entropy method trades rare outliers for resolution), so this is a report to
 * look at, not an error.
 *
 * @param path dotted module path of the quantizer
 * @param clippedFraction share of the observed values above amax, in {@code [0, 1]}
 * @param amax the calibrated amax
 * @param observedMax the largest {@code |x|} observed
 * @param method the amax method that chose it
 */
public record ClippingWarning(String path, double clippedFraction, float amax, float observedMax, String method) {
    /** One line with the figures and what to try, the module to skip being {@link #modulePath()}. */
    public String message() {
        return message(List.of(modulePath()));
    }

    /**
     * One line with the figures and what to try.
     *
     * @param skips the {@code --skip} names that leave this quantizer float together (for an edge
     *     quantizer of an imported graph, the layers and integer ops it was placed for); empty for none
     */
    public String message(List<String> skips) {
        String leave = skips.isEmpty() ? ""
                : skips.size() == 1 ? ", or leave this module in float (--skip " + skips.get(0) + ")"
                : ", or leave the nodes it was placed for in float (--skip " + String.join(" --skip ", skips) + ")";
        return String.format(Locale.ROOT, "%s: amax %.4g (%s) clips %.1f %% of the values it saw (max %.4g); if accuracy"
                        + " suffers, try another calibration method (percentile, mse, max), bound entropy's clipping"
                        + " (--max-clipped 0.001)%s",
                path, amax, method, 100 * clippedFraction, observedMax, leave);
    }

    /**
     * The module to skip to leave this quantizer out: the owner of a quantizer slot
     * ({@code conv1} for {@code conv1._input_quantizer}), else the quantizer itself (a quantized
     * skip connection such as {@code layer1.0.residual}).
     */
    public String modulePath() {
        int dot = path.lastIndexOf('.');
        return dot > 0 && path.startsWith("_", dot + 1) ? path.substring(0, dot) : path;
    }
}
