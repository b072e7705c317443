package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A generator that returns the given draws in order, and checks each integer draw's bound. */
final class ScriptedRandom implements RandomGenerator {
    private final Deque<Double> doubles = new ArrayDeque<>();
    private final Deque<int[]> ints = new ArrayDeque<>();

    ScriptedRandom doubles(double... values) {
        for (double v : values) {
            doubles.add(v);
        }
        return this;
    }

    /** The next {@code nextInt(bound)} must be called with {@code bound} and returns {@code value}. */
    ScriptedRandom nextIntFor(int bound, int value) {
        ints.add(new int[] {bound, value});
        return this;
    }

    boolean exhausted() {
        return doubles.isEmpty() && ints.isEmpty();
    }

    @Override
    public double nextDouble() {
        assertThat(doubles).as("a scripted double is left").isNotEmpty();
        return doubles.removeFirst();
    }

    @Override
    public int nextInt(int bound) {
        assertThat(ints).as("a scripted int is left").isNotEmpty();
        int[] next = ints.removeFirst();
        assertThat(bound).as("nextInt bound").isEqualTo(next[0]);
        return next[1];
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only scripted nextDouble and nextInt(bound)");
    }
}
