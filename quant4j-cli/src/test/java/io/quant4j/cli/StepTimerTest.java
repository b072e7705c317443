package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.ArrayDataset;
import io.quant4j.data.DataLoader;
import io.quant4j.data.ImageShape;
import io.quant4j.data.LoaderOptions;
import io.quant4j.nn.Flatten;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.Sequential;
import io.quant4j.tensor.Engines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StepTimer} steps training copies of both models on the same batches, interleaved (a, b,
 * a, b, ...), in training mode, and leaves the models it was given alone; with no batch after the
 * warm-up it has nothing to time. Only what it does is checked, never how long it took.
 */
class StepTimerTest {
    /** 6 batches of 2 images (2x2 pixels); image {@code i} holds the pixel value {@code 10 i}. */
    private static DataLoader loader() {
        int n = 12;
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                px[i * 4 + k] = (byte) (10 * i);
            }
            labels[i] = i % 2;
        }
        return new DataLoader(new ArrayDataset("tiny", new ImageShape(1, 2, 2), 2, px, labels), LoaderOptions.evaluation(2));
    }

    private static Module net(long seed) {
        Engines.seed(seed);
        return new Sequential(new Flatten(), new Linear(4, 2));
    }

    private record Call(Module model, boolean training, float firstPixel) {}

    @Test
    void stepsCopiesOfBothModelsOnTheSameBatchesInTurn() throws Exception {
        try (Module a = net(1); Module b = net(2)) {
            a.eval();
            float[] wa = a.stateTensors().get("1.weight").toFloatArray();
            float[] wb = b.stateTensors().get("1.weight").toFloatArray();
            List<Call> calls = new ArrayList<>();
            double[] ms;
            try (AutoCloseable l = Module.listen((path, m, in, out) -> {
                if (path.isEmpty()) {
                    calls.add(new Call(m, m.isTraining(), in.toFloatArray()[0]));
                }
            })) {
                ms = StepTimer.compare(a, b, loader(), 2, 3);
            }
            assertThat(calls).hasSize(10);
            Module copyA = calls.get(0).model();
            Module copyB = calls.get(1).model();
            assertThat(copyA).isNotSameAs(a).isNotSameAs(b).isNotSameAs(copyB);
            assertThat(copyB).isNotSameAs(a).isNotSameAs(b);
            for (int i = 0; i < 10; i++) {
                Call c = calls.get(i);
                assertThat(c.model()).as("call %d", i).isSameAs(i % 2 == 0 ? copyA : copyB);
                assertThat(c.training()).as("call %d in training mode", i).isTrue();
                // batch i/2 starts with image 2 * (i/2), pixel value 20 * (i/2) / 255
                assertThat(c.firstPixel()).as("call %d", i).isEqualTo(20f * (i / 2) / 255f);
            }
            assertThat(ms).hasSize(2);
            assertThat(ms[0]).isFinite().isPositive();
            assertThat(ms[1]).isFinite().isPositive();
            assertThat(a.isTraining()).isFalse();
            assertThat(b.isTraining()).isTrue();
            assertThat(a.stateTensors().get("1.weight").toFloatArray()).containsExactly(wa);
            assertThat(b.stateTensors().get("1.weight").toFloatArray()).containsExactly(wb);
        }
    }

    @Test
    void aShortLoaderWarmsUpOnHalfAndTimesTheRest() {
        try (Module a = net(1); Module b = net(2)) {
            // fewer batches than warm-up + steps: half warm up, the rest are timed
            double[] ms = StepTimer.compare(a, b, loader(), 6, 30);
            assertThat(ms[0]).isPositive();
            assertThat(ms[1]).isPositive();
        }
    }
}
