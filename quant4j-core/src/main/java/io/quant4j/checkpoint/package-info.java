/**
 * Model files that rebuild themselves: a safetensors state dict whose metadata names the zoo
 * model, its options and, for a quantized model, the {@link
 * io.quant4j.quantization.target.QuantizationSpec} used, so that
 * {@link io.quant4j.checkpoint.ModelCheckpoint#load} recreates the exact module tree (quantizers,
 * amax, learned clips) before loading the weights.
 */
package io.quant4j.checkpoint;
