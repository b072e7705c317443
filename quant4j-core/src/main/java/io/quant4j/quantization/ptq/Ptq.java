package io.quant4j.quantization.ptq;

import io.quant4j.nn.Module;
import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.tensor.Tensor;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Post-training quantization: copy the float model (the input stays float and usable), quantize
 * the copy with a {@link ModelQuantizer} (either target), calibrate it on representative data.
 *
 * <pre>{@code
 * PtqResult r = Ptq.run(model, new SelectiveQuantizer(), calibBatches, CalibrationParams.defaults().withBatches(4));
 * Module int8 = r.model();
 * }</pre>
 */
public final class Ptq {
    private Ptq() {}

    /**
     * @param model float model (unchanged)
     * @param quantizer what to quantize and how (a {@code SelectiveQuantizer}, or a
     *     {@code QuantizationSpec.toQuantizer(shape)} for either target)
     * @param calibration calibration inputs (each supplier creates a batch in the current scope)
     * @param params calibration method, batch count and {@code verbose} (every quantizer printed to
     *     standard output after calibration)
     * @param progress show the progress of the calibration batches on standard error (not
     *     SuperGradients' {@code verbose}, which is {@code params.verbose()})
     */
    public static PtqResult run(Module model, ModelQuantizer quantizer, Iterator<? extends Supplier<Tensor>> calibration,
                                CalibrationParams params, boolean progress) {
        return run(model, quantizer, calibration, params, new QuantizationCalibrator(progress));
    }

    /**
     * As {@link #run(Module, ModelQuantizer, Iterator, CalibrationParams, boolean)}, calibrated by
     * {@code calibrator} (which says where progress and the verbose listing go).
     */
    public static PtqResult run(Module model, ModelQuantizer quantizer, Iterator<? extends Supplier<Tensor>> calibration,
                                CalibrationParams params, QuantizationCalibrator calibrator) {
        Module copy = model.deepCopy();
        copy.eval();
        var report = quantizer.quantize(copy);
        CalibrationResult cal = calibrator.calibrate(copy, calibration, params);
        return new PtqResult(copy, report, cal);
    }
}
