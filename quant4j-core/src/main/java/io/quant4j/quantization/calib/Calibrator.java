package io.quant4j.quantization.calib;

import io.quant4j.tensor.Tensor;

/**
 * Observes the tensors that reach a quantizer during calibration and turns them into amax.
 * State is kept on the Java heap (exact counts, running maxima): no native memory outlives
 * {@link #collect}.
 */
public sealed interface Calibrator permits MaxCalibrator, HistogramCalibrator {

    /**
     * Adds one batch. The batch is validated first (finite values, consistent shape); on error the
     * state is unchanged.
     */
    void collect(Tensor x);

    /**
     * amax from what was collected.
     *
     * @throws NoCalibrationDataException when nothing was collected
     * @throws UnsupportedAmaxMethodException when this calibrator does not provide the method
     */
    Amax computeAmax(AmaxMethod method);

    /** Forgets everything collected (and frees it). */
    void reset();

    /** Whether at least one batch was collected since construction or the last reset. */
    boolean hasData();

    /** Label used in messages (the owning quantizer). */
    String owner();
}
