package io.quant4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link LoaderBench} on 64 generated 500x375 JPEGs, once, so that the suite prints the
 * loader-versus-resnet18 figure on the machine it runs on. A benchmark prints; this test asserts
 * only that every figure was measured, never a speed.
 */
class LoaderBenchTest {
    @TempDir
    Path dir;

    @Test
    void printsLoaderAndForwardThroughput() throws Exception {
        LoaderBench.Figures f = LoaderBench.run(LoaderBench.generate(dir, 64), 1);
        for (double v : new double[] {f.evalLoader(), f.trainLoader(), f.forward(), f.together()}) {
            assertThat(v).isFinite().isPositive();
        }
    }
}
