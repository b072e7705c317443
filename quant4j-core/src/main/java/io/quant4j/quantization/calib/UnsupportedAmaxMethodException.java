package io.quant4j.quantization.calib;

/** A calibrator was asked for an amax method it does not provide (e.g. {@code max} of a histogram). */
public class UnsupportedAmaxMethodException extends CalibrationException {
    private static final long serialVersionUID = 1L;

    public UnsupportedAmaxMethodException(String calibrator, AmaxMethod asked, String supported) {
        super("expected " + supported + ", found " + asked, calibrator,
                "A max calibrator gives AmaxMethod.max(); a histogram calibrator gives percentile, entropy or mse.");
    }
}
