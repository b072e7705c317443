package io.quant4j.onnx.opset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.onnx.OnnxRuntimeException;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.OrtTensorValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ONNX backend tests (Debian's libonnx-testdata: node, pytorch-converted, pytorch-operator,
 * simple) whose model is below opset 13, or
 * whose ops changed between the model's opset and 17, upgraded (to 13 and 17, or to 17) and run
 * in ONNX Runtime: the upgraded model must give the recorded outputs. Counted apart, and
 * printed: cases OrtRunner cannot feed (strings, sequences, optional inputs), cases where ONNX
 * Runtime has no kernel for an op of the upgraded model, and cases where it disagrees with the
 * record on the original as well while the upgraded model agrees with the original.
 */
class OnnxBackendNodeUpgradeTest {
    static final Path DATA = Path.of("/usr/share/libonnx-testdata/data");
    private static final OrtOptions ORT = OrtOptions.defaults().withThreads(1);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"node", "pytorch-converted", "pytorch-operator", "simple"})
    void upgradedBackendTestsGiveTheRecordedOutputs(String suite) throws Exception {
        Path root = DATA.resolve(suite);
        Assumptions.assumeTrue(Files.isDirectory(root), root + " is absent: install Debian's libonnx-testdata");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).sorted().toList();
        }
        OpVersions versions = OpVersions.table();
        Map<String, Integer> outcome = new TreeMap<>();
        Map<String, String> refused = new TreeMap<>();
        Map<String, String> ortSkips = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int selected = 0;
        for (Path dir : dirs) {
            NodeTestCase c = NodeTestCase.read(dir);
            if (c.model().getOpsetImportList().stream().noneMatch(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))) {
                continue; // preview-domain tests (training ops)
            }
            long opset = OpsetUpgrade.defaultOpset(c.model());
            List<Integer> targets = new ArrayList<>();
            if (opset < 13) {
                targets.add(13);
                targets.add(17);
            } else if (opset < 17 && changes(c.model(), (int) opset, 17, versions)) {
                targets.add(17);
            }
            if (targets.isEmpty()) {
                continue;
            }
            selected++;
            if (c.skip() != null) {
                count(outcome, "not feedable");
                ortSkips.put(c.name(), c.skip());
                continue;
            }
            for (int target : targets) {
                String id = c.name() + " (opset " + opset + " -> " + target + ")";
                ModelProto up;
                try {
                    up = OpsetUpgrade.to(c.model(), target);
                } catch (OpsetUpgradeException e) {
                    count(outcome, "refused");
                    refused.put(id, e.getMessage());
                    continue;
                }
                Map<String, OrtTensorValue> got;
                try {
                    got = run(up, c);
                } catch (OnnxRuntimeException e) {
                    if (noKernel(e.getMessage())) {
                        count(outcome, "ORT has no kernel for an op of the model");
                        ortSkips.put(id, first(e.getMessage()));
                    } else {
                        failures.add(id + ": ORT fails on the upgraded model: " + first(e.getMessage()));
                    }
                    continue;
                }
                String mismatch = compare(got, c.outputs());
                if (mismatch == null) {
                    count(outcome, "matched");
                    continue;
                }
                Map<String, OrtTensorValue> original;
                try {
                    original = run(c.model(), c);
                } catch (OnnxRuntimeException e) {
                    failures.add(id + ": " + mismatch + " (ORT cannot run the original: " + first(e.getMessage()) + ")");
                    continue;
                }
                String originalMismatch = compare(original, c.outputs());
                if (originalMismatch != null && compare(got, asRecord(original)) == null) {
                    count(outcome, "ORT differs from the record on the original too (upgraded agrees with original)");
                    ortSkips.put(id, originalMismatch);
                } else {
                    failures.add(id + ": " + mismatch);
                }
            }
        }
        System.out.println(suite + " tests selected: " + selected + ", outcomes per conversion: " + outcome);
        refused.forEach((k, v) -> System.out.println("  refused " + k + ": " + v));
        ortSkips.forEach((k, v) -> System.out.println("  not compared " + k + ": " + v));
        failures.forEach(f -> System.out.println("  FAILED " + f));
        assertThat(failures).isEmpty();
        assertThat(outcome.getOrDefault("matched", 0)).isPositive();
    }

    /** ONNX Runtime lacks a kernel or op registration (not a conversion error). */
    private static boolean noKernel(String message) {
        return message != null && (message.contains("ORT_NOT_IMPLEMENTED") || message.contains("is not a registered function/op"));
    }

    private static List<TensorProto> asRecord(Map<String, OrtTensorValue> values) {
        List<TensorProto> out = new ArrayList<>();
        for (OrtTensorValue v : values.values()) {
            TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE_VALUE);
            for (long d : v.shape()) {
                t.addDims(d);
            }
            for (double x : v.values()) {
                t.addDoubleData(x);
            }
            out.add(t.build());
        }
        return out;
    }

    private static boolean changes(ModelProto m, int from, int to, OpVersions versions) {
        for (NodeProto n : m.getGraph().getNodeList()) {
            for (int o = from + 1; o <= to; o++) {
                if (versions.changesAt(n.getOpType(), o)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, OrtTensorValue> run(ModelProto m, NodeTestCase c) {
        try (OrtRunner r = OrtRunner.openAny(m.toByteArray(), ORT)) {
            return r.runAll(c.inputs());
        }
    }

    /** Null when every output matches (|a - b| <= 1e-4 + 1e-3 |b|, NaN where NaN), else the first difference. */
    static String compare(Map<String, OrtTensorValue> got, List<TensorProto> want) {
        List<OrtTensorValue> values = new ArrayList<>(got.values());
        if (values.size() < want.size()) {
            return want.size() + " outputs recorded, " + values.size() + " computed";
        }
        for (int k = 0; k < want.size(); k++) {
            TensorProto w = want.get(k);
            OrtTensorValue g = values.get(k);
            double[] wv = Tensors.doubles(w);
            long[] wd = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
            if (wv == null) {
                return "recorded output " + k + " of type " + TensorProto.DataType.forNumber(w.getDataType()) + " cannot be read";
            }
            if (!Arrays.equals(wd, g.shape())) {
                return "output " + k + " shape " + Arrays.toString(g.shape()) + ", recorded " + Arrays.toString(wd);
            }
            for (int i = 0; i < wv.length; i++) {
                double a = g.values()[i];
                double b = wv[i];
                boolean same = Double.isNaN(b) ? Double.isNaN(a) : a == b || Math.abs(a - b) <= 1e-4 + 1e-3 * Math.abs(b);
                if (!same) {
                    return "output " + k + " element " + i + " is " + a + ", recorded " + b;
                }
            }
        }
        return null;
    }

    private static void count(Map<String, Integer> m, String key) {
        m.merge(key, 1, Integer::sum);
    }

    private static String first(String message) {
        String s = message == null ? "" : message.replace('\n', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
