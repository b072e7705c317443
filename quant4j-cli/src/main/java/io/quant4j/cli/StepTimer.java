package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Median wall time of a training step (forward, cross-entropy, backward, SGD update) of copies of
 * two models on the same real batches, interleaved step by step so that machine noise hits both
 * alike: FP32 vs QAT in one run.
 */
final class StepTimer {
    private StepTimer() {}

    /**
     * {@code [median ms of a, median ms of b]} over {@code steps} interleaved steps after
     * {@code warmup}; a loader with fewer batches warms up on the first half of what it has and
     * times the rest. NaN only for an empty loader.
     */
    static double[] compare(Module a, Module b, DataLoader loader, int warmup, int steps) {
        List<Batch> batches = new ArrayList<>();
        try (BatchStream s = loader.epoch(0)) {
            while (s.hasNext() && batches.size() < warmup + steps) {
                batches.add(s.next());
            }
        }
        warmup = Math.min(warmup, batches.size() / 2);
        try (Module ma = a.deepCopy(); Module mb = b.deepCopy()) {
            ma.train();
            mb.train();
            Sgd oa = new Sgd(ma.namedParameters(), 0.9f, false, 0f);
            Sgd ob = new Sgd(mb.namedParameters(), 0.9f, false, 0f);
            int n = batches.size() - warmup;
            double[] ta = new double[Math.max(n, 0)];
            double[] tb = new double[Math.max(n, 0)];
            for (int i = 0; i < batches.size(); i++) {
                double x = step(ma, oa, batches.get(i));
                double y = step(mb, ob, batches.get(i));
                if (i >= warmup) {
                    ta[i - warmup] = x;
                    tb[i - warmup] = y;
                }
            }
            return new double[] {median(ta), median(tb)};
        }
    }

    private static double step(Module m, Sgd opt, Batch b) {
        long t0 = System.nanoTime();
        try (Scope step = Scope.open()) {
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor loss = m.forward(b.images()).crossEntropy(b.labels(), 0f);
                rec.backward(loss);
            }
            opt.step(1e-9f);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
