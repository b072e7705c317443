package io.quant4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Training steps of resnet_fmnist at batch 64, FP32 and quantization-aware: no array may be left
 * behind in the root manager, and the process' resident memory must not grow beyond a small bound
 * after warm-up.
 */
class MemoryLeakTest {
    private static final int BATCH = 64;

    @Test
    void fiveHundredStepsDoNotGrowNativeMemory() throws Exception {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertNoGrowth(m, 500);
        }
    }

    /** Fake quantization in training: straight-through cuts, their masks and leaf gradients. */
    @Test
    void threeHundredQatStepsDoNotGrowNativeMemory() throws Exception {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            float[] x = images(new Random(1));
            List<Supplier<Tensor>> calib = List.of(() -> Tensor.fromFloats(x, BATCH, 1, 28, 28));
            try (Module qat = Ptq.run(fp32, new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)),
                    calib.iterator(), CalibrationParams.defaults().withBatches(1), false).model()) {
                assertNoGrowth(qat, 300);
            }
        }
    }

    private static float[] images(Random r) {
        float[] x = new float[BATCH * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static void assertNoGrowth(Module m, int steps) throws Exception {
        int batch = BATCH;
        Random r = new Random(0);
        float[] x = images(r);
        long[] y = new long[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = r.nextInt(10);
        }
        {
            m.train();
            Sgd opt = new Sgd(m.namedParameters(), 0.9f, false, 5e-4f);
            long rssWarm = 0;
            int rootArraysWarm = 0;
            for (int step = 0; step < steps; step++) {
                try (Scope stepScope = Scope.open()) {
                    try (Autograd.Recording rec = Autograd.record()) {
                        Tensor loss = m.forward(Tensor.fromFloats(x, batch, 1, 28, 28)).crossEntropy(Tensor.fromLongs(y, batch), 0f);
                        rec.backward(loss);
                    }
                    opt.step(0.01f);
                    assertThat(stepScope.manager().isOpen()).isTrue();
                }
                if (step == 49) {
                    System.gc();
                    rssWarm = rssKb();
                    rootArraysWarm = rootArrays();
                }
            }
            System.gc();
            long growthMb = (rssKb() - rssWarm) / 1024;
            System.out.println("MemoryLeakTest: RSS growth after warm-up " + growthMb + " MB over " + (steps - 50) + " steps");
            assertThat(rootArrays()).as("arrays in the root manager").isEqualTo(rootArraysWarm);
            assertThat(growthMb).as("RSS growth (MB) over %d steps", steps - 50).isLessThan(100);
        }
    }

    private static int rootArrays() {
        return ((BaseNDManager) Engines.root()).getManagedArrays().size();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
