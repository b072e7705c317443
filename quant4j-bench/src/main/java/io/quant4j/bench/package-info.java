/**
 * Benchmarks that print figures: timed runs, each figure the median of several, with warm-up
 * first. Run them with {@code quant4j-bench/run CLASS [args]}; tests never assert on time.
 */
package io.quant4j.bench;
