package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Quantizers with a learned clip (learnAmax) export as Clip -> Q -> DQ with the learned range, after the bounds moved. */
class LearnedClipExportTest {
    private static final ExportOptions OPTS = ExportOptions.of(1, 1, 28, 28);

    private static TensorProto init(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The net with learned-clip input quantizers, calibrated, then every clip moved to an asymmetric range. */
    private static TestNets.QuantNet learnedNet(long seed) {
        SelectiveQuantizer sq = new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false).withLearnAmax(true));
        TestNets.QuantNet net = TestNets.quantNet(seed, sq);
        for (Map.Entry<String, TensorQuantizer> e : clipped(net).entrySet()) {
            TensorQuantizer q = e.getValue();
            float amax = q.amax()[0];
            assertThat(q.clip().maxValue()).as("calibration initialises the clip").isEqualTo(amax);
            // as after training: the bounds moved apart from the calibrated amax, and from each other
            q.clip().set(-0.55f * amax, 0.8f * amax);
        }
        return net;
    }

    private static Map<String, TensorQuantizer> clipped(TestNets.QuantNet net) {
        Map<String, TensorQuantizer> out = new TreeMap<>();
        net.namedModules().forEach((p, m) -> {
            if (m instanceof TensorQuantizer q && q.clip() != null) {
                out.put(p, q);
            }
        });
        return out;
    }

    @Test
    void theExportedScaleIsTheLearnedRangeAndAClipNodeHoldsTheBounds() {
        try (TestNets.QuantNet net = learnedNet(61)) {
            Map<String, TensorQuantizer> learned = clipped(net);
            assertThat(learned).containsOnlyKeys("conv1._input_quantizer", "conv2._input_quantizer",
                    "avgpool._input_quantizer", "fc._input_quantizer");
            ModelProto m = OnnxExporter.toModel(net, OPTS).proto();
            for (Map.Entry<String, TensorQuantizer> e : learned.entrySet()) {
                float lo = e.getValue().clip().minValue();
                float hi = e.getValue().clip().maxValue();
                assertThat(hi).isNotEqualTo(e.getValue().amax()[0]);
                assertThat(OnnxVerifier.floats(init(m, e.getKey() + ".scale"))[0]).as(e.getKey())
                        .isEqualTo(Math.max(-lo, hi) / 127f);
                NodeProto clip = m.getGraph().getNodeList().stream().filter(n -> n.getName().equals(e.getKey() + ".clip/Clip"))
                        .findFirst().orElseThrow();
                assertThat(OnnxVerifier.floats(init(m, clip.getInput(1)))).containsExactly(lo);
                assertThat(OnnxVerifier.floats(init(m, clip.getInput(2)))).containsExactly(hi);
                NodeProto q = m.getGraph().getNodeList().stream().filter(n -> n.getName().equals(e.getKey() + "/QuantizeLinear"))
                        .findFirst().orElseThrow();
                assertThat(q.getInput(0)).isEqualTo(clip.getOutput(0));
            }
        }
    }

    @Test
    void onnxRuntimeAgreesWithJavaAtEveryLearnedQuantizer() {
        try (TestNets.QuantNet net = learnedNet(62)) {
            ExportedModel e = OnnxExporter.toModel(net, OPTS);
            List<ImageBatch> data = TestNets.batches(4, 16, 63, 1, 28, 28);
            VerificationReport r = OnnxVerifier.compare(net, e.proto(), e.toByteArray(), data, VerifyOptions.defaults());
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, clipped(net).keySet());
            // without the Clip nodes (what the export wrote before), conv1's input is off wherever x < clipMin
            VerificationReport noClip = OnnxVerifier.compare(net, withoutClips(e.proto()), withoutClips(e.proto()).toByteArray(),
                    data, VerifyOptions.defaults());
            assertThat(noClip.passed()).as(noClip.summary()).isFalse();
            assertThat(noClip.failure()).contains("conv1._input_quantizer");
        }
    }

    /** The graph with every Clip node bypassed (its readers read its input). */
    private static ModelProto withoutClips(ModelProto m) {
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (NodeProto clip : m.getGraph().getNodeList()) {
            if (!clip.getOpType().equals("Clip")) {
                continue;
            }
            for (int i = 0; i < g.getNodeCount(); i++) {
                NodeProto.Builder n = g.getNode(i).toBuilder();
                for (int k = 0; k < n.getInputCount(); k++) {
                    if (n.getInput(k).equals(clip.getOutput(0))) {
                        n.setInput(k, clip.getInput(0));
                    }
                }
                g.setNode(i, n);
            }
        }
        List<NodeProto> kept = g.getNodeList().stream().filter(n -> !n.getOpType().equals("Clip")).toList();
        g.clearNode().addAllNode(kept);
        java.util.Set<String> read = new java.util.HashSet<>();
        kept.forEach(n -> read.addAll(n.getInputList()));
        List<TensorProto> inits = g.getInitializerList().stream().filter(t -> read.contains(t.getName())).toList();
        g.clearInitializer().addAllInitializer(inits);
        return m.toBuilder().setGraph(g).build();
    }
}
