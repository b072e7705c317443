package io.quant4j.quantization;

import java.util.List;
import java.util.Locale;

/**
 * How a quantizer observes data during calibration: {@code MAX} keeps the running {@code max|x|}
 * (per tensor or per channel); {@code HISTOGRAM} keeps a histogram of {@code |x|} from which
 * percentile, entropy or mse choose amax (per tensor only).
 */
public enum CalibMethod {
    MAX("max"),
    HISTOGRAM("histogram");

    private final String id;

    CalibMethod(String id) {
        this.id = id;
    }

    /** pytorch-quantization's name: {@code "max"} or {@code "histogram"}. */
    public String id() {
        return id;
    }

    /**
     * Parses pytorch-quantization's {@code calib_method} (case-insensitive).
     *
     * @throws UnknownCalibMethodException for any other name, e.g. {@code "kl"}
     */
    public static CalibMethod parse(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (CalibMethod m : values()) {
                if (m.id.equals(n)) {
                    return m;
                }
            }
        }
        throw new UnknownCalibMethodException("calibration method", name, List.of("max", "histogram"));
    }

    @Override
    public String toString() {
        return id;
    }
}
