package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One op at a time: ONNX Runtime computes what the Java forward computes (1e-5 relative), at batch 1 and 3. */
class SingleOpParityTest {
    static Stream<Arguments> ops() {
        Map<String, UnaryOperator<Tensor>> m4 = Map.ofEntries(
                Map.entry("maxpool", x -> x.maxPool2d(Int2.of(3), Int2.of(2), Int2.of(1), false)),
                Map.entry("avgpool", x -> x.avgPool2d(Int2.of(3), Int2.of(2), Int2.of(1), false, true)),
                Map.entry("silu", Tensor::silu),
                Map.entry("hardswish", Tensor::hardswish),
                Map.entry("relu6", Tensor::relu6),
                Map.entry("scalars", x -> x.sigmoid().mul(2f).sub(0.5f).add(x.tanh()).div(1.5f).clamp(-1f, 1f)),
                Map.entry("pad", x -> x.pad(new long[] {1, 1, 2, 0}, 0.25f)),
                Map.entry("slice", x -> x.slice(2, 1, 7).slice(3, 0, 5)),
                Map.entry("flip", x -> x.flip(3).flip(2)),
                Map.entry("permute-reshape", x -> x.permute(0, 2, 3, 1).reshape(x.dim(0), 64, 4)),
                Map.entry("adaptive", x -> x.adaptiveAvgPool2d(2, 4).flatten(1)),
                Map.entry("flatten2", x -> x.flatten(2)),
                Map.entry("flatten0", x -> x.flatten(0)),
                Map.entry("concat", x -> Tensor.concat(List.of(x, x.relu()), 1)),
                Map.entry("softmax", x -> x.softmax(1).add(x.logSoftmax(3).mul(0.1f))),
                Map.entry("reduce", x -> x.mean(new int[] {2}, true).add(x.sum(new int[] {1}, true)).sub(x.max(new int[] {3}, true))),
                Map.entry("where", x -> Tensor.where(x.gte(x.mul(0.5f)), x, x.abs().neg())),
                Map.entry("math", x -> x.abs().add(1f).sqrt().log().exp().maximum(x).minimum(x.add(2f)).square()),
                Map.entry("expand", x -> x.mean(new int[] {1}, true).broadcastTo(x.shape())));
        return m4.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void onnxRuntimeMatchesJava(String name, UnaryOperator<Tensor> f) {
        try (DebugFn m = new DebugFn(f)) {
            ExportedModel e = OnnxExporter.toModel(m, ExportOptions.of(1, 4, 8, 8));
            try (OrtRunner r = OrtRunner.open(e.toByteArray(), OrtOptions.defaults())) {
                for (int batch : new int[] {1, 3}) {
                    ImageBatch x = ImageBatch.random(batch, batch, 4, 8, 8);
                    float[] java = TestNets.java(m, x);
                    float[] ort = r.run(x.data(), x.shape()).values();
                    assertThat(ort).as(name).hasSameSizeAs(java);
                    assertThat(TestNets.maxDiff(ort, java)).as(name).isLessThanOrEqualTo(1e-5 * Math.max(1, TestNets.maxAbs(java)));
                }
            }
        }
    }
}
