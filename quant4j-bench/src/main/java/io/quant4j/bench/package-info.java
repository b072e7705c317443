/**
 * Benchmarks that print figures: timed end-to-end runs (median of several) and JMH micro
 * benchmarks. Run them with {@code quant4j-bench/run CLASS [args]}; tests never assert on time.
 */
package io.quant4j.bench;
