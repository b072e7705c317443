/**
 * Benchmarks that print figures: plain {@code main} timers (median of N runs) and JMH benchmarks.
 * Run {@link io.quant4j.bench.QuantBench} for the quantization figures.
 */
package io.quant4j.bench;
