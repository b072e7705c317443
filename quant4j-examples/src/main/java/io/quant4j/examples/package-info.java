/**
 * The tutorial's flows in Java, each a small {@code main} with a {@code run} method the tests call
 * on a slice of Fashion-MNIST: {@link io.quant4j.examples.HybridPtqExample},
 * {@link io.quant4j.examples.SelectiveQuantizationExample},
 * {@link io.quant4j.examples.QatExample}, {@link io.quant4j.examples.ExportExample}.
 */
package io.quant4j.examples;
