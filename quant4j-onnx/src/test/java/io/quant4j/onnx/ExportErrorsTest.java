package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportErrorsTest {
    private static final ExportOptions OPTS = ExportOptions.of(1, 1, 28, 28);

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void uncalibratedQuantizerIsNamed() {
        // left out of calibration: its amax is dynamic, which the trace records from the trace's own input
        try (TestNets.QuantNet net = TestNets.withUncalibrated(31, "conv2._input_quantizer")) {
            assertThat(net.quantizer("conv2._input_quantizer").amax()).isNull();
            assertThat(net.quantizer("conv1._input_quantizer").amax()).isNotNull();
            assertThatThrownBy(() -> OnnxExporter.toModel(net, OPTS))
                    .isInstanceOf(UncalibratedQuantizerException.class)
                    .hasMessageContaining("conv2._input_quantizer").hasMessageContaining("amax").hasMessageContaining("dynamic");
        }
    }

    @Test
    void aFourBitActivationQuantizerIsRefused() {
        // QuantizeLinear saturates at int8's bounds, not at [-8, 7]: no exact form for an activation
        SelectiveQuantizer sq = TestNets.selective(true).registerQuantizationMapping(Set.of("conv1"),
                TestNets.conv(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM.withNumBits(4), null));
        try (TestNets.QuantNet net = TestNets.quantNet(32, sq)) {
            assertThatThrownBy(() -> OnnxExporter.toModel(net, OPTS))
                    .isInstanceOf(UnsupportedQuantizerException.class)
                    .hasMessageContaining("conv1._input_quantizer").hasMessageContaining("activation quantizer of 4 bits")
                    .hasMessageContaining("[-8, 7]").hasMessageContaining("--input-bits 8");
        }
    }

    @Test
    void moreThanEightBitsAndNarrowUnsignedGridsAreRefused() {
        SelectiveQuantizer sq = TestNets.selective(true).registerQuantizationMapping(Set.of("conv1"),
                TestNets.conv(null, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withNumBits(12)));
        try (TestNets.QuantNet net = TestNets.quantNet(32, sq)) {
            assertThatThrownBy(() -> OnnxExporter.toModel(net, OPTS))
                    .isInstanceOf(UnsupportedQuantizerException.class)
                    .hasMessageContaining("conv1._weight_quantizer").hasMessageContaining("num_bits 8, found 12");
        }
        assertThat(QuantParams.exportProblem(4, 8)).isNull();
        assertThat(QuantParams.exportProblem(8, 4)).contains("--input-bits 4");
        assertThat(QuantParams.exportProblem(16, 8)).contains("--weight-bits 16");
    }

    @Test
    void aQuantizerKeepingTwoAxesIsRefusedByName() {
        // one amax per (output, input) channel pair: fine in the simulation, no one-axis Q/DQ form
        SelectiveQuantizer sq = TestNets.selective(true).registerQuantizationMapping(Set.of("conv1"),
                TestNets.conv(null, QuantDescriptor.INT8_PER_TENSOR.withAxes(0, 1)));
        try (TestNets.QuantNet net = TestNets.quantNet(34, sq)) {
            assertThat(net.quantizer("conv1._weight_quantizer").amaxShape()).hasSize(4);
            assertThatThrownBy(() -> OnnxExporter.toModel(net, OPTS))
                    .isInstanceOf(UnsupportedQuantizerException.class)
                    .hasMessageContaining("conv1._weight_quantizer").hasMessageContaining("several axes [0, 1]")
                    .hasMessageContaining("one axis");
        }
    }

    @Test
    void signedNarrowRangeQuantizerIsRefused() {
        SelectiveQuantizer sq = TestNets.selective(true).registerQuantizationMapping(Set.of("conv2"),
                TestNets.conv(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM.withNarrowRange(true), null));
        try (TestNets.QuantNet net = TestNets.quantNet(33, sq)) {
            assertThatThrownBy(() -> OnnxExporter.toModel(net, OPTS))
                    .isInstanceOf(UnsupportedQuantizerException.class)
                    .hasMessageContaining("conv2._input_quantizer").hasMessageContaining("narrow-range")
                    .hasMessageContaining("[-128, 127]");
        }
    }

    static final class CustomOp extends Module {
        @Override
        protected Tensor forwardImpl(Tensor x) {
            return Tracer.composite("Erf", List.of(x), Map.of(), () -> x.tanh());
        }
    }

    static final class Holder extends Module {
        Holder(Module inner) {
            register("head", inner);
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("head").forward(x.relu());
        }
    }

    @Test
    void opWithoutMappingNamesModuleAndType() {
        try (Holder m = new Holder(new CustomOp())) {
            assertThatThrownBy(() -> OnnxExporter.toModel(m, ExportOptions.of(1, 4)))
                    .isInstanceOf(UnsupportedOpException.class)
                    .hasMessageContaining("head").hasMessageContaining("'Erf'").hasMessageContaining("no ONNX mapping");
        }
    }

    @Test
    void adaptivePoolThatDoesNotDivideIsRefused() {
        try (DebugFn m = new DebugFn(x -> x.adaptiveAvgPool2d(3, 3))) {
            assertThatThrownBy(() -> OnnxExporter.toModel(m, ExportOptions.of(1, 2, 8, 8)))
                    .isInstanceOf(UnsupportedOpException.class).hasMessageContaining("AdaptiveAvgPool");
        }
    }

    @Test
    void unwritableOutputPathIsATypedErrorAndLeavesNothing() throws IOException {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 35)) {
            Files.createDirectory(dir.resolve("adir"));
            assertThatThrownBy(() -> OnnxExporter.export(net, dir.resolve("adir"), OPTS))
                    .isInstanceOf(OnnxWriteException.class).hasMessageContaining("directory");
            Files.writeString(dir.resolve("afile"), "x");
            assertThatThrownBy(() -> OnnxExporter.export(net, dir.resolve("afile").resolve("m.onnx"), OPTS))
                    .isInstanceOf(OnnxWriteException.class).hasMessageContaining("afile");
            assertThatThrownBy(() -> OnnxExporter.export(net, dir.resolve("afile").resolve("m.onnx"), OPTS,
                    TestNets.batches(1, 2, 1, 1, 28, 28), VerifyOptions.defaults()))
                    .isInstanceOf(OnnxWriteException.class);
            assertThat(files()).containsExactlyInAnyOrder(dir.resolve("adir"), dir.resolve("afile"));
        }
    }

    /** A model whose forward changes after tracing: ONNX cannot follow it, and the gate must notice. */
    static final class Drifting extends Module {
        int calls;

        @Override
        protected Tensor forwardImpl(Tensor x) {
            calls++;
            return x.flatten(1).mul(1f + calls);
        }
    }

    @Test
    void divergenceFailsWithAReportAndWritesNothing() throws IOException {
        try (Drifting m = new Drifting()) {
            Path out = dir.resolve("drift.onnx");
            assertThatThrownBy(() -> OnnxExporter.export(m, out, ExportOptions.of(1, 1, 4, 4),
                    TestNets.batches(2, 4, 3, 1, 4, 4), VerifyOptions.defaults()))
                    .isInstanceOfSatisfying(OnnxVerificationException.class, e -> {
                        assertThat(e.report().passed()).isFalse();
                        assertThat(e.report().maxAbsDiff()).isPositive();
                        assertThat(e.report().samples()).isEqualTo(8);
                        assertThat(e.getMessage()).contains("drift.onnx").contains("max difference");
                    });
            assertThat(files()).isEmpty();
        }
    }

    @Test
    void divergingTop1IsReported() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 36)) {
            ExportedModel m = OnnxExporter.toModel(net, OPTS);
            // a model that is not the exported one: different seed, same architecture
            try (TestNets.QuantNet other = TestNets.quantNet(true, 37)) {
                VerificationReport r = OnnxVerifier.compare(other, m.proto(), m.toByteArray(),
                        TestNets.batches(2, 16, 5, 1, 28, 28), VerifyOptions.defaults().withMaxDiffSteps(1e9));
                assertThat(r.passed()).isFalse();
                assertThat(r.failure()).contains("top-1 agreement");
            }
        }
    }

    @Test
    void verificationBatchesMustFitTheExportedInput() throws IOException {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 38)) {
            Path out = dir.resolve("m.onnx");
            assertThatThrownBy(() -> OnnxExporter.export(net, out, OPTS.withDynamicBatch(false),
                    TestNets.batches(1, 4, 1, 1, 28, 28), VerifyOptions.defaults()))
                    .isInstanceOf(OnnxExportException.class).hasMessageContaining("static batch");
            assertThatThrownBy(() -> OnnxExporter.export(net, out, OPTS, TestNets.batches(1, 4, 1, 1, 32, 32),
                    VerifyOptions.defaults()))
                    .isInstanceOf(OnnxExportException.class).hasMessageContaining("[4, 1, 32, 32]");
            assertThat(files()).isEmpty();
            ExportResult r = OnnxExporter.export(net, out, OPTS.withDynamicBatch(false), TestNets.batches(2, 1, 1, 1, 28, 28),
                    VerifyOptions.defaults());
            assertThat(r.verification().passed()).isTrue();
        }
    }
}
