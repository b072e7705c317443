package io.quant4j.train;

import java.util.Arrays;

/** Wall times of training steps, for the median. */
final class StepTimes {
    private long[] nanos = new long[1024];
    private int n;

    void add(long dt) {
        if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = dt;
    }

    int count() {
        return n;
    }

    /** Median step time in milliseconds (NaN when empty). */
    double medianMs() {
        if (n == 0) {
            return Double.NaN;
        }
        long[] s = Arrays.copyOf(nanos, n);
        Arrays.sort(s);
        double mid = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        return mid / 1e6;
    }
}
