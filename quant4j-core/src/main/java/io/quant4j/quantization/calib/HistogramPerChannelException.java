package io.quant4j.quantization.calib;

/** A histogram calibrator was asked for per-channel statistics; histograms are per tensor only. */
public class HistogramPerChannelException extends CalibrationException {
    private static final long serialVersionUID = 1L;

    public HistogramPerChannelException(String owner, io.quant4j.quantization.QuantAxis axis) {
        super("expected a per-tensor quantizer (axis = null) for histogram calibration, found axis = " + axis,
                owner, "Use calibMethod MAX for per-channel quantizers (weights), or drop the axis.");
    }
}
