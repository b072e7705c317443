package io.quant4j.quantization.ptq;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.quantization.TensorQuantizer;
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
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link CalibrationParams#verbose()} means what SuperGradients' {@code QuantizationCalibrator(verbose=True)}
 * means: after calibration, one line per quantizer, {@code f"{name:40}: {module}"} with its amax;
 * progress is the calibrator's own setting, on its own stream.
 */
class CalibrationVerboseTest {
    /** Two quantized layers: four quantizers (input and weight of each). */
    static final class TwoLinear extends Module {
        TwoLinear() {
            register("fc1", new Linear(3, 4));
            register("relu", new ReLU());
            register("fc2", new Linear(4, 2));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("fc2").forward(children().get("relu").forward(children().get("fc1").forward(x)));
        }
    }

    private static Iterator<Supplier<Tensor>> noise(int batches) {
        List<Supplier<Tensor>> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            int seed = i;
            out.add(() -> {
                Engines.seed(300 + seed);
                return Tensor.randn(4, 3);
            });
        }
        return out.iterator();
    }

    /** What one calibration wrote: [progress stream, verbose stream], and the quantizers' amax lines expected. */
    private record Run(String progress, String verbose, List<String> expected) {}

    private static Run calibrate(ProgressMode mode, boolean verbose) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        try (Module m = new TwoLinear()) {
            new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)).quantize(m);
            new QuantizationCalibrator(mode, new PrintStream(progress, true, StandardCharsets.UTF_8),
                    new PrintStream(listing, true, StandardCharsets.UTF_8))
                    .calibrate(m, noise(2), CalibrationParams.defaults().withBatches(2).withVerbose(verbose));
            for (Map.Entry<String, TensorQuantizer> e : QuantizationCalibrator.quantizers(m).entrySet()) {
                expected.add(String.format(Locale.ROOT, "%-40s: %s", e.getKey(), e.getValue()));
            }
        }
        return new Run(progress.toString(StandardCharsets.UTF_8), listing.toString(StandardCharsets.UTF_8), expected);
    }

    @Test
    void verbosePrintsOneLinePerQuantizerWithItsAmax() {
        Run r = calibrate(ProgressMode.NONE, true);
        List<String> lines = List.of(r.verbose().split("\n"));
        assertThat(r.expected()).hasSize(4);
        assertThat(lines).containsExactlyElementsOf(r.expected());
        // SG's layout: the name padded to 40 characters, then the quantizer with its calibrated amax
        assertThat(lines.get(0)).startsWith(String.format(Locale.ROOT, "%-40s: TensorQuantizer(", "fc1._input_quantizer"));
        assertThat(lines).allSatisfy(l -> assertThat(l).matches(".{40}: TensorQuantizer\\(.* amax=(\\d+\\.\\d{4}|\\[\\d+\\.\\d{4}, "
                + "\\d+\\.\\d{4}\\]\\(\\d+\\)) .*\\)"));
        assertThat(lines).noneMatch(l -> l.contains("amax=dynamic"));
        assertThat(r.progress()).isEmpty();
    }

    @Test
    void notVerbosePrintsNoQuantizer() {
        Run r = calibrate(ProgressMode.NONE, false);
        assertThat(r.verbose()).isEmpty();
        assertThat(r.progress()).isEmpty();
    }

    @Test
    void progressAndVerboseAreSeparate() {
        Run quiet = calibrate(ProgressMode.LOG, false);
        assertThat(quiet.progress()).contains("calibration finished: 2/2 batches");
        assertThat(quiet.verbose()).isEmpty();
        Run both = calibrate(ProgressMode.LOG, true);
        assertThat(both.progress()).contains("calibration finished: 2/2 batches").doesNotContain("TensorQuantizer");
        assertThat(both.verbose()).doesNotContain("calibration").contains("fc2._weight_quantizer");
    }
}
