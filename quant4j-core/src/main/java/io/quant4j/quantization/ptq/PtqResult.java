package io.quant4j.quantization.ptq;

import io.quant4j.nn.Module;
import io.quant4j.quantization.selective.QuantizationReport;

/**
 * The outcome of {@link Ptq#run}.
 *
 * @param model the quantized, calibrated copy (in eval mode)
 * @param report what the selective quantizer replaced, skipped and left float
 * @param calibration what calibration observed and set
 */
public record PtqResult(Module model, QuantizationReport report, CalibrationResult calibration) {}
