/**
 * Benchmarks and timed end-to-end runs that print measured figures: JMH micro benchmarks and
 * plain {@code main} programs such as {@link io.quant4j.bench.TrainBaseline}.
 */
package io.quant4j.bench;
