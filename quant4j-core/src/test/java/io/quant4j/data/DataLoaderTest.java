package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** n images 1x2x2 whose pixels all equal the example index; label = index % 3. */
    static ArrayDataset toy(int n) {
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * 4, i * 4 + 4, (byte) i);
            labels[i] = i % 3;
        }
        return new ArrayDataset("toy", new ImageShape(1, 2, 2), 3, px, labels);
    }

    private static List<Batch> all(DataLoader l, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (BatchStream s = l.epoch(epoch)) {
            s.forEach(out::add);
        }
        return out;
    }

    @Test
    void batchesKeepOrDropTheLastPartialBatch() {
        DataLoader keep = new DataLoader(toy(10), LoaderOptions.evaluation(4));
        assertThat(keep.numBatches()).isEqualTo(3);
        assertThat(all(keep, 0)).extracting(Batch::size).containsExactly(4, 4, 2);
        DataLoader drop = new DataLoader(toy(10), LoaderOptions.evaluation(4).withDropLast(true));
        assertThat(drop.numBatches()).isEqualTo(2);
        assertThat(drop.numExamples()).isEqualTo(8);
        assertThat(all(drop, 0)).extracting(Batch::size).containsExactly(4, 4);
        List<Batch> b = all(keep, 0);
        assertThat(b.get(2).indices()).containsExactly(8, 9);
        assertThat(b.get(2).labelData()).containsExactly(2L, 0L);
        assertThat(b.get(1).index()).isEqualTo(1);
    }

    @Test
    void pixelsAreScaledThenTransformed() {
        DataLoader l = new DataLoader(toy(3), LoaderOptions.evaluation(3).withTransform(Normalize.FASHION_MNIST));
        float[] x = all(l, 0).get(0).imageData();
        assertThat(x).hasSize(12);
        assertThat(x[0]).isEqualTo((0f / 255f - 0.2860f) / 0.3530f);
        assertThat(x[4]).isEqualTo((1f / 255f - 0.2860f) / 0.3530f);
        assertThat(x[11]).isEqualTo((2f / 255f - 0.2860f) / 0.3530f);
    }

    @Test
    void seededShuffleIsAReproduciblePermutationPerEpoch() {
        DataLoader a = new DataLoader(toy(50), LoaderOptions.training(8).withSeed(7));
        DataLoader b = new DataLoader(toy(50), LoaderOptions.training(8).withSeed(7));
        DataLoader c = new DataLoader(toy(50), LoaderOptions.training(8).withSeed(8));
        int[] e0 = a.order(0);
        assertThat(e0).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(e0).isNotEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(b.order(0)).isEqualTo(e0);
        assertThat(a.order(1)).isNotEqualTo(e0);
        assertThat(c.order(0)).isNotEqualTo(e0);
        int[] seen = all(a, 0).stream().flatMapToInt(x -> Arrays.stream(x.indices())).toArray();
        assertThat(seen).isEqualTo(e0);
        Batch first = all(b, 0).get(0);
        assertThat(first.labelData()[0]).isEqualTo(e0[0] % 3);
        assertThat(first.imageData()[0]).isEqualTo(e0[0] / 255f);
    }

    @Test
    void randomTransformsRepeatWithTheSeed() {
        Transform t = Transform.compose(new RandomCrop(1), new RandomHorizontalFlip());
        ArrayDataset d = toy(40);
        float[] x1 = all(new DataLoader(d, LoaderOptions.training(40).withSeed(3).withTransform(t)), 2).get(0).imageData();
        float[] x2 = all(new DataLoader(d, LoaderOptions.training(40).withSeed(3).withTransform(t).withPrefetch(0)), 2).get(0).imageData();
        float[] x3 = all(new DataLoader(d, LoaderOptions.training(40).withSeed(4).withTransform(t)), 2).get(0).imageData();
        assertThat(x2).isEqualTo(x1);
        assertThat(x3).isNotEqualTo(x1);
    }

    @Test
    void prefetchThreadEndsWhenExhaustedOrClosed() throws Exception {
        DataLoader l = new DataLoader(toy(100), LoaderOptions.training(4).withPrefetch(2));
        BatchStream s = l.epoch(0);
        Thread w = s.worker();
        assertThat(w).isNotNull();
        assertThat(w.isDaemon()).isTrue();
        int n = 0;
        while (s.hasNext()) {
            s.next();
            n++;
        }
        assertThat(n).isEqualTo(25);
        w.join(5000);
        assertThat(w.isAlive()).isFalse();
        s.close();

        BatchStream early = l.epoch(1);
        early.next();
        Thread w2 = early.worker();
        early.close();
        assertThat(w2.isAlive()).isFalse();
        assertThat(early.hasNext()).isFalse();
    }

    @Test
    void workerErrorsSurfaceInNext() {
        Transform boom = (img, off, shape, rng) -> {
            if (img[off] > 5f / 255f) {
                throw new IllegalStateException("bad image");
            }
        };
        DataLoader l = new DataLoader(toy(20), LoaderOptions.evaluation(4).withTransform(boom));
        try (BatchStream s = l.epoch(0)) {
            s.next();
            assertThatThrownBy(() -> {
                while (s.hasNext()) {
                    s.next();
                }
            }).isInstanceOf(IllegalStateException.class).hasMessage("bad image");
            assertThat(s.worker().isAlive()).isFalse();
        }
    }

    @Test
    void tensorsAreMadeInTheCurrentScope() {
        Batch b = all(new DataLoader(toy(5), LoaderOptions.evaluation(5)), 0).get(0);
        try (Scope s = Scope.open()) {
            Tensor x = b.images();
            Tensor y = b.labels();
            assertThat(x.shape()).containsExactly(5, 1, 2, 2);
            assertThat(y.shape()).containsExactly(5);
            assertThat(x.toFloatArray()).isEqualTo(b.imageData());
            assertThat(y.toLongArray()).containsExactly(0, 1, 2, 0, 1);
            assertThat(x.ndArray().getManager()).isSameAs(s.manager());
            assertThat(y.ndArray().getManager()).isSameAs(s.manager());
            Tensor x2 = b.images();
            assertThat(x2.toFloatArray()).isEqualTo(x.toFloatArray());
        }
        assertThat(b.imageData()[4]).isEqualTo(1f / 255f);
    }

    @Test
    void slicesAndSubsetsAreViews() {
        ArrayDataset d = toy(10);
        Dataset s = d.slice(2, 6);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.label(0)).isEqualTo(2);
        float[] x = new float[s.sampleSize()];
        s.read(3, x, 0, null);
        assertThat(x[0]).isEqualTo(5 / 255f);
        Dataset sub = d.subset(new int[] {9, 0});
        assertThat(sub.label(0)).isEqualTo(0);
        sub.read(0, x, 0, null);
        assertThat(x[0]).isEqualTo(9 / 255f);
        assertThatThrownBy(() -> d.slice(5, 11)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("slice(5, 11)");
        assertThatThrownBy(() -> new DataLoader(d, LoaderOptions.training(16).withDropLast(true)))
                .hasMessageContaining("at least one full batch");
    }

    @Test
    void parallelWorkersGiveTheSameBatchesAsOne() {
        ArrayDataset d = toy(37);
        Transform noisy = (img, off, shape, rng) -> img[off] += (float) rng.nextDouble();
        LoaderOptions o = LoaderOptions.training(8).withSeed(3).withTransform(noisy).withPrefetch(0);
        DataLoader one = new DataLoader(d, o);
        DataLoader four = new DataLoader(d, o.withWorkers(4));
        try (BatchStream a = one.epoch(2); BatchStream b = four.epoch(2)) {
            while (a.hasNext()) {
                Batch x = a.next();
                Batch y = b.next();
                assertThat(y.imageData()).containsExactly(x.imageData());
                assertThat(y.labelData()).containsExactly(x.labelData());
            }
            assertThat(b.hasNext()).isFalse();
        }
    }
}
