package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.graph.GraphException;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphOps;
import io.quant4j.nn.graph.HostTensor;
import io.quant4j.nn.graph.Value;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ONNX backend node tests (Debian's {@code libonnx-testdata}, ONNX 1.12: one model and its
 * input/output TensorProtos per test) through {@link OnnxImporter} and
 * {@link GraphModule#runValues}: every test whose opset is 9..21 and whose ops are all in the
 * table runs, and must match the expected outputs ({@code |java - expected| <= 1e-5 + 1e-3 |expected|},
 * integers exactly) or be one of {@link #EXPECTED_REFUSALS}, refused with a
 * {@link Quant4jException} naming the reason. Prints the per-op table that
 * {@code docs/onnx-import.md} quotes.
 */
class NodeConformanceTest {
    static final Path DIR = Path.of(System.getenv().getOrDefault("QUANT4J_ONNX_NODE_TESTS", "/usr/share/libonnx-testdata/data/node"));
    static final double RTOL = 1e-3;
    static final double ATOL = 1e-5;

    /** Tests the importer refuses, with a fragment of the refusal's message. */
    static final Map<String, String> EXPECTED_REFUSALS = new TreeMap<>(Map.ofEntries(
            Map.entry("test_cast_FLOAT_to_STRING", "data type 8"),
            Map.entry("test_cast_STRING_to_FLOAT", "data type 8"),
            Map.entry("test_castlike_FLOAT_to_STRING_expanded", "data type 8"),
            Map.entry("test_castlike_STRING_to_FLOAT_expanded", "data type 8"),
            Map.entry("test_convtranspose_3d", "3-D convolutions are not supported"),
            Map.entry("test_identity_opt", "to be a tensor, found a OPTIONAL_TYPE"),
            Map.entry("test_identity_sequence", "to be a tensor, found a SEQUENCE_TYPE"),
            Map.entry("test_training_dropout", "expected training_mode false"),
            Map.entry("test_training_dropout_default", "expected training_mode false"),
            Map.entry("test_training_dropout_default_mask", "expected training_mode false"),
            Map.entry("test_training_dropout_mask", "expected training_mode false"),
            Map.entry("test_maxpool_with_argmax_2d_precomputed_pads", "Indices output"),
            Map.entry("test_maxpool_with_argmax_2d_precomputed_strides", "Indices output")));

    enum Status { PASSED, REFUSED, FAILED }

    record Outcome(String test, Set<String> ops, Status status, String detail) {}

    @Test
    void backendNodeTestsPassOrAreRefusedCleanly() throws IOException {
        assumeTrue(Files.isDirectory(DIR), "no ONNX backend node tests at " + DIR
                + ": install Debian's libonnx-testdata or set QUANT4J_ONNX_NODE_TESTS");
        List<Path> tests;
        try (Stream<Path> s = Files.list(DIR)) {
            tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        int outsideOpsets = 0;
        int unsupportedOps = 0;
        for (Path t : tests) {
            ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(t.resolve("model.onnx")));
            Set<String> ops = new TreeSet<>();
            boolean otherDomain = false;
            for (NodeProto n : proto.getGraph().getNodeList()) {
                ops.add(n.getOpType());
                otherDomain |= !n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx");
            }
            long opset = -1;
            for (OperatorSetIdProto o : proto.getOpsetImportList()) {
                if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                    opset = o.getVersion();
                }
            }
            if (otherDomain || opset < GraphOps.MIN_OPSET || opset > GraphOps.MAX_OPSET) {
                outsideOpsets++;
            } else if (!GraphOps.supported().containsAll(ops)) {
                unsupportedOps++;
            } else {
                outcomes.add(run(t, ops));
            }
        }
        print(outcomes, tests.size(), outsideOpsets, unsupportedOps);
        for (Outcome o : outcomes) {
            String expected = EXPECTED_REFUSALS.get(o.test());
            if (expected != null) {
                assertThat(o.status()).as("%s should be refused: %s", o.test(), o.detail()).isEqualTo(Status.REFUSED);
                assertThat(o.detail()).as(o.test()).contains(expected);
            } else {
                assertThat(o.status()).as("%s (%s): %s", o.test(), o.ops(), o.detail()).isEqualTo(Status.PASSED);
            }
        }
        assertThat(outcomes).extracting(Outcome::test).containsAll(EXPECTED_REFUSALS.keySet());
    }

    private static Outcome run(Path dir, Set<String> ops) {
        String name = dir.getFileName().toString();
        try (Scope scope = Scope.open()) {
            ImportedModel m = OnnxImporter.load(dir.resolve("model.onnx"));
            GraphModule g = m.module();
            List<Path> sets;
            try (Stream<Path> s = Files.list(dir)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            for (Path set : sets) {
                Map<String, Value> in = new LinkedHashMap<>();
                for (int i = 0; i < g.inputNames().size(); i++) {
                    Path f = set.resolve("input_" + i + ".pb");
                    if (Files.exists(f)) {
                        in.put(g.inputNames().get(i), value(read(f), elemType(m.proto().getGraph().getInputList(), g.inputNames().get(i))));
                    }
                }
                Map<String, Value> out = g.runValues(in);
                for (int i = 0; i < g.outputNames().size(); i++) {
                    TensorProto expected = read(set.resolve("output_" + i + ".pb"));
                    int type = elemType(m.proto().getGraph().getOutputList(), g.outputNames().get(i));
                    String mismatch = compare(out.get(g.outputNames().get(i)), host(expected, type), type == io.quant4j.nn.graph.ElementTypes.BFLOAT16);
                    if (mismatch != null) {
                        return new Outcome(name, ops, Status.FAILED, set.getFileName() + " output " + i + ": " + mismatch);
                    }
                }
            }
            return new Outcome(name, ops, Status.PASSED, "");
        } catch (GraphException | OnnxImportException e) {
            return new Outcome(name, ops, EXPECTED_REFUSALS.containsKey(name) ? Status.REFUSED : Status.FAILED, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Outcome(name, ops, Status.FAILED, e.toString());
        }
    }

    private static TensorProto read(Path f) throws IOException {
        return TensorProto.parseFrom(Files.readAllBytes(f));
    }

    private static int elemType(List<ai.onnx.proto.OnnxMl.ValueInfoProto> values, String name) {
        for (ai.onnx.proto.OnnxMl.ValueInfoProto v : values) {
            if (v.getName().equals(name) && v.getType().hasTensorType()) {
                return v.getType().getTensorType().getElemType();
            }
        }
        return 0;
    }

    /**
     * A test tensor on the host. ONNX 1.12 stores bfloat16 test data as uint16 bit patterns (numpy
     * has no bfloat16): those are read as bfloat16 where the model declares that type.
     */
    private static HostTensor host(TensorProto t, int declaredType) {
        HostTensor h = TensorProtos.read(t, t.getName(), DIR);
        if (declaredType == io.quant4j.nn.graph.ElementTypes.BFLOAT16 && t.getDataType() == io.quant4j.nn.graph.ElementTypes.UINT16) {
            float[] f = new float[h.ints().length];
            for (int i = 0; i < f.length; i++) {
                f[i] = Float.intBitsToFloat((int) h.ints()[i] << 16);
            }
            return HostTensor.ofFloats(f, h.shape());
        }
        return h;
    }

    /** A test input as a graph value: floats as a dense tensor, integers and booleans on the host. */
    private static Value value(TensorProto t, int declaredType) {
        HostTensor h = host(t, declaredType);
        if (h.isFloat()) {
            return new Value.Dense(Tensor.fromFloats(h.floats(), h.shape()));
        }
        return new Value.Ints(h.ints(), h.shape(), t.getDataType() == io.quant4j.nn.graph.ElementTypes.BOOL);
    }

    /**
     * Null when {@code actual} matches, else what differs. A bfloat16 output may differ by one
     * bfloat16 step ({@code 2^-7} relative): ONNX 1.12's data truncates float32 to bfloat16, where
     * the current specification (and PyTorch, and ONNX Runtime) round to nearest even.
     */
    private static String compare(Value actual, HostTensor expected, boolean bfloat16) {
        if (actual == null) {
            return "no output";
        }
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + java.util.Arrays.toString(actual.shape()) + ", expected " + java.util.Arrays.toString(expected.shape());
        }
        double[] a = actual instanceof Value.Ints n ? java.util.Arrays.stream(n.data()).asDoubleStream().toArray()
                : toDoubles(((Value.Dense) actual).tensor().toFloatArray());
        double[] e = expected.isFloat() ? toDoubles(expected.floats()) : java.util.Arrays.stream(expected.ints()).asDoubleStream().toArray();
        for (int i = 0; i < a.length; i++) {
            double rtol = bfloat16 ? 0x1p-7 : RTOL;
            boolean ok = expected.isFloat()
                    ? (Double.isNaN(e[i]) ? Double.isNaN(a[i]) : a[i] == e[i] || Math.abs(a[i] - e[i]) <= ATOL + rtol * Math.abs(e[i]))
                    : a[i] == e[i];
            if (!ok) {
                return "element " + i + " is " + a[i] + ", expected " + e[i];
            }
        }
        return null;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void print(List<Outcome> outcomes, int all, int outsideOpsets, int unsupportedOps) {
        Map<String, int[]> byOp = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (String op : o.ops()) {
                int[] c = byOp.computeIfAbsent(op, k -> new int[3]);
                c[0]++;
                c[1] += o.status() == Status.PASSED ? 1 : 0;
                c[2] += o.status() == Status.REFUSED ? 1 : 0;
            }
        }
        StringBuilder sb = new StringBuilder("\nONNX backend node tests (" + DIR + "): " + all + " tests, " + outsideOpsets
                + " outside opsets " + GraphOps.MIN_OPSET + ".." + GraphOps.MAX_OPSET + " or the default domain, " + unsupportedOps
                + " with ops outside the table, " + outcomes.size() + " run\n\n| op | passed / run | refused |\n|---|---|---|\n");
        byOp.forEach((op, c) -> sb.append("| ").append(op).append(" | ").append(c[1]).append(" / ").append(c[0] - c[2]).append(" | ")
                .append(c[2]).append(" |\n"));
        long passed = outcomes.stream().filter(o -> o.status() == Status.PASSED).count();
        long refused = outcomes.stream().filter(o -> o.status() == Status.REFUSED).count();
        sb.append("\nall: ").append(passed).append(" passed, ").append(refused).append(" refused, ")
                .append(outcomes.size() - passed - refused).append(" failed of ").append(outcomes.size()).append('\n');
        for (Outcome o : outcomes) {
            if (o.status() != Status.PASSED) {
                sb.append(o.status()).append(' ').append(o.test()).append(' ').append(o.ops()).append(": ").append(o.detail()).append('\n');
            }
        }
        System.out.println(sb);
    }
}
