package io.quant4j.onnx.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OrtOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtProfileTest {
    @TempDir
    Path dir;

    private static String event(String cat, String name, long ts, long dur, String op) {
        return "{\"cat\":\"" + cat + "\",\"pid\":1,\"tid\":1,\"dur\":" + dur + ",\"ts\":" + ts + ",\"ph\":\"X\",\"name\":\"" + name
                + "\",\"args\":{" + (op == null ? "" : "\"op_name\":\"" + op + "\",\"provider\":\"CPUExecutionProvider\"") + "}}";
    }

    @Test
    void summarizesKernelTimePerOpTypeAndNodeLeavingOutWarmUp() throws Exception {
        // runs at 1000 (warm-up), 10000 (4 ms) and 20000 (6 ms); times in microseconds
        List<String> ev = List.of(
                event("Session", "session_initialization", 0, 900, null),
                event("Session", "model_run", 1000, 5000, null),
                event("Node", "a_kernel_time", 1100, 3000, "Conv"),
                event("Session", "model_run", 10000, 4000, null),
                event("Node", "a_fence_before", 10050, 0, "Conv"),
                event("Node", "a_kernel_time", 10100, 2000, "Conv"),
                event("Node", "b_kernel_time", 10200, 1000, "Relu"),
                event("Node", "c_kernel_time", 10300, 500, "Conv"),
                event("Session", "model_run", 20000, 6000, null),
                event("Node", "a_kernel_time", 20100, 4000, "Conv"),
                event("Node", "b_kernel_time", 20200, 1000, "Relu"),
                event("Node", "c_kernel_time", 20300, 1500, "Conv"));
        Path trace = Files.writeString(dir.resolve("t.json"), "[\n" + String.join(",\n", ev) + "\n]\n");
        OrtProfile p = OrtProfile.read(trace, 1);
        assertThat(p.runs()).isEqualTo(2);
        assertThat(p.wallMsPerRun()).isCloseTo(5.0, within(1e-12));
        // Conv: (2 + 0.5 + 4 + 1.5) / 2 = 4 ms, Relu: 1 ms; total 5 ms
        assertThat(p.totalMs()).isCloseTo(5.0, within(1e-12));
        assertThat(p.ops()).extracting(OrtProfile.OpTime::opType).containsExactly("Conv", "Relu");
        assertThat(p.op("Conv").msPerRun()).isCloseTo(4.0, within(1e-12));
        assertThat(p.op("Conv").nodes()).isEqualTo(2);
        assertThat(p.op("Conv").share()).isCloseTo(0.8, within(1e-12));
        assertThat(p.op("Relu").share()).isCloseTo(0.2, within(1e-12));
        assertThat(p.nodes()).extracting(OrtProfile.NodeTime::node).containsExactly("a", "b", "c");
        assertThat(p.nodes().get(0).msPerRun()).isCloseTo(3.0, within(1e-12));
        // without skipping, the warm-up's 3 ms join: Conv (3 + 8) / 3
        assertThat(OrtProfile.read(trace, 0).op("Conv").msPerRun()).isCloseTo(11.0 / 3, within(1e-12));
        assertThatThrownBy(() -> OrtProfile.read(trace, 3)).isInstanceOf(OrtProfileException.class).hasMessageContaining("model_run");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"not\": \"a trace\"}");
        assertThatThrownBy(() -> OrtProfile.read(bad, 0)).isInstanceOf(OrtProfileException.class).hasMessageContaining("bad.json");
    }

    @Test
    void aRealRunShowsTheIntegerKernelsOnnxRuntimeFormed() throws Exception {
        Path fp = TinyModels.write(dir.resolve("fp.onnx"), "x", 3, 16, 16, 8, TinyModels.Head.FEATURES, 1, 1f);
        Path q = TinyModels.write(dir.resolve("q.onnx"), "x", 3, 16, 16, 8, TinyModels.Head.QDQ_FEATURES, 1, 1f);
        ImageBatch x = ImageBatch.random(7, 2, 3, 16, 16);
        OrtProfile pf = OrtProfiler.profile(fp, x, OrtOptions.defaults(), 1, 3, dir.resolve("traces"), "fp");
        OrtProfile pq = OrtProfiler.profile(q, x, OrtOptions.defaults(), 1, 3, dir.resolve("traces"), "q");
        assertThat(pf.trace()).exists().startsWith(dir.resolve("traces"));
        for (OrtProfile p : List.of(pf, pq)) {
            assertThat(p.runs()).isEqualTo(3);
            assertThat(p.totalMs()).isPositive();
            assertThat(p.ops().stream().mapToDouble(OrtProfile.OpTime::share).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(p.nodes()).isNotEmpty();
        }
        assertThat(pf.ops()).extracting(OrtProfile.OpTime::opType).noneMatch(op -> op.startsWith("QLinear") || op.endsWith("QuantizeLinear"));
        assertThat(pq.op("QLinearConv")).as("ops of the Q/DQ model: %s", pq.ops()).isNotNull();
        assertThat(pq.op("QLinearConv").nodes()).isEqualTo(2);
        assertThat(pq.op("Conv")).isNull();
    }
}
