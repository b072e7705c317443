package io.quant4j.quantization.ptq;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.ProgressMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Calibration progress on a stream that is not a terminal: whole lines, one per tenth crossed, and a final one. */
class CalibrationProgressTest {
    /** One quantizable layer. */
    static final class OneLinear extends Module {
        OneLinear() {
            register("fc", new Linear(3, 3));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("fc").forward(x);
        }
    }

    private static Iterator<Supplier<Tensor>> noise(int batches) {
        List<Supplier<Tensor>> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            int seed = i;
            out.add(() -> {
                Engines.seed(200 + seed);
                return Tensor.randn(2, 3);
            });
        }
        return out.iterator();
    }

    private static List<String> calibrate(ProgressMode mode, int available, int requested) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Module m = new OneLinear()) {
            new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)).quantize(m);
            new QuantizationCalibrator(mode, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                    .calibrate(m, noise(available), CalibrationParams.defaults().withBatches(requested));
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).doesNotContain("\r");
        return s.isEmpty() ? List.of() : List.of(s.split("\n", -1));
    }

    @Test
    void autoOnABufferWritesALinePerTenthAndAFinalLine() {
        List<String> lines = calibrate(ProgressMode.AUTO, 3, 3);
        assertThat(lines).hasSize(4).last().isEqualTo("");
        assertThat(lines.get(0)).matches("calibration: 1/3 batches \\(33%\\) after \\d+\\.\\d s");
        assertThat(lines.get(1)).matches("calibration: 2/3 batches \\(66%\\) after \\d+\\.\\d s");
        assertThat(lines.get(2)).matches("calibration finished: 3/3 batches \\(100%\\) in \\d+\\.\\d s");
    }

    @Test
    void aShortLoaderEndsWithTheCountReached() {
        List<String> lines = calibrate(ProgressMode.LOG, 1, 2);
        assertThat(lines).hasSize(3).last().isEqualTo("");
        assertThat(lines.get(0)).matches("calibration: 1/2 batches \\(50%\\) after \\d+\\.\\d s");
        assertThat(lines.get(1)).matches("calibration finished: 1/2 batches \\(50%\\) in \\d+\\.\\d s");
    }

    @Test
    void noneWritesNothing() {
        assertThat(calibrate(ProgressMode.NONE, 2, 2)).isEmpty();
    }
}
