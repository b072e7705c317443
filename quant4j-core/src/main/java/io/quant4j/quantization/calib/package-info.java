/**
 * Calibrators: what a quantizer observes during calibration and how amax is chosen from it.
 *
 * <p>{@link io.quant4j.quantization.calib.MaxCalibrator} keeps the running {@code max|x|} (per tensor
 * or per channel); {@link io.quant4j.quantization.calib.HistogramCalibrator} keeps an exact histogram
 * of {@code |x|} (2048 bins, grown with a fixed bin width) from which
 * {@link io.quant4j.quantization.calib.AmaxMethod} percentile, entropy (KL divergence) or mse choose
 * amax. State lives on the Java heap; results are {@link io.quant4j.quantization.calib.Amax} values.
 */
package io.quant4j.quantization.calib;
