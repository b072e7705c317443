package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphModuleBuilder;
import io.quant4j.nn.graph.GraphNode;
import io.quant4j.onnx.opset.OpsetUpgrade;
import io.quant4j.onnx.opset.OpsetUpgradeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an ONNX model into a {@link GraphModule}:
 * <pre>{@code
 * ImportedModel m = OnnxImporter.load(Path.of("ch_PP-OCRv4_det_infer.onnx"));
 * Tensor probability = m.module().forward(image);   // N x 3 x H x W -> N x 1 x H x W
 * }</pre>
 * Default-domain opsets 9 to 21; initializers and tensor attributes in the file or in external
 * data files next to it. Parametric nodes with constant weights become layers named by their node
 * names (dots become underscores; an unnamed node is named by its first output). Refused, with
 * the node, op type and opset named: ops outside the table, other domains, control flow.
 */
public final class OnnxImporter {
    private static final Set<String> CONTROL_FLOW = Set.of("If", "Loop", "Scan", "SequenceMap");

    private OnnxImporter() {}

    /**
     * Imports a model file.
     *
     * @throws OnnxImportException for a missing, malformed or unsupported file
     */
    public static ImportedModel load(Path file) {
        return load(file, ImportOptions.AS_IS);
    }

    /**
     * Imports a model file with options.
     *
     * @throws OnnxImportException for a missing, malformed or unsupported file
     */
    public static ImportedModel load(Path file, ImportOptions options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnnxImportException("no such file", file.toString(), "Check the path of the ONNX model.", e);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read the file: " + e.getMessage(), file.toString(), "Check that it is a readable file.", e);
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException("expected an ONNX model (protobuf ModelProto), found bytes that do not parse: " + e.getMessage(),
                    file.toString(), "Check that the file is an .onnx model and not truncated.", e);
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException("expected a model with a graph of nodes, found none", file.toString(),
                    "Check that the file is an ONNX model (not an external data file or a different protobuf).");
        }
        Path dir = file.toAbsolutePath().getParent();
        return load(proto, file, dir, options);
    }

    /** Imports a parsed model; external data is read relative to {@code dir}. */
    public static ImportedModel load(ModelProto proto, Path source, Path dir, ImportOptions options) {
        String where = source.toString();
        int fileOpset = opset(proto, where);
        if (options.minOpset() > fileOpset) {
            proto = upgrade(proto, fileOpset, options.minOpset(), where);
        }
        int opset = opset(proto, where);
        GraphProto g = proto.getGraph();
        GraphModuleBuilder b = new GraphModuleBuilder(opset).simplify(options.simplify());
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.add(t.getName());
            b.constant(t.getName(), TensorProtos.read(t, where + ", initializer '" + t.getName() + "'", dir));
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new OnnxImportException("expected dense initializers, found " + g.getSparseInitializerCount() + " sparse ones", where,
                    "Densify the sparse initializers before importing.");
        }
        for (ValueInfoProto in : g.getInputList()) {
            if (!initializers.contains(in.getName())) {
                checkNumeric(in, where);
                b.input(in.getName(), dims(in));
            }
        }
        g.getOutputList().forEach(o -> b.output(o.getName()));
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            String name = n.getName().isEmpty() ? (n.getOutputCount() > 0 ? n.getOutput(0) : n.getOpType()) : n.getName();
            String unique = name;
            for (int i = 1; !used.add(unique); i++) {
                unique = name + "_" + i;
            }
            names.add(unique);
            String nodeWhere = where + ", " + n.getOpType() + " node '" + unique + "'";
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw new OnnxImportException("unsupported op " + n.getDomain() + "::" + n.getOpType() + ": only the default ONNX domain is"
                        + " supported", nodeWhere, "Export the model without custom or contrib ops (e.g. without ORT graph optimizations).");
            }
            if (CONTROL_FLOW.contains(n.getOpType())) {
                throw new OnnxImportException("unsupported op " + n.getOpType() + " (opset " + opset + "): control flow is not supported",
                        nodeWhere, "Export the model with static control flow (loops unrolled, branches resolved).");
            }
            b.node(new GraphNode(unique, n.getOpType(), n.getInputList(), n.getOutputList(), Attributes.of(n, nodeWhere, dir)));
        }
        try {
            GraphModule m = b.build();
            m.eval();
            return new ImportedModel(m, proto, source, names, fileOpset);
        } catch (io.quant4j.nn.graph.GraphException e) {
            throw e.locateIfAbsent(where);
        }
    }

    private static ModelProto upgrade(ModelProto proto, int from, int to, String where) {
        try {
            return OpsetUpgrade.to(proto, to);
        } catch (OpsetUpgradeException e) {
            throw new OnnxImportException("cannot convert the model from opset " + from + " to " + to + " for quantization: "
                    + e.getMessage(), where, "Export the model at opset " + to + " (or 13 or newer) instead.", e);
        }
    }

    private static int opset(ModelProto proto, String where) {
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        throw new OnnxImportException("expected an opset_import for the default domain, found none", where,
                "Export the model with an explicit opset.");
    }

    /** A graph input must be a tensor of a type the graph runs: float (any width) or integer/bool. */
    private static void checkNumeric(ValueInfoProto v, String where) {
        if (!v.hasType()) {
            return;
        }
        if (!v.getType().hasTensorType()) {
            throw new OnnxImportException("expected graph input '" + v.getName() + "' to be a tensor, found a " + v.getType().getValueCase(),
                    where, "Sequences, maps and optionals are not supported; give tensor inputs.");
        }
        int type = v.getType().getTensorType().getElemType();
        if (type != 0 && TensorProtos.itemSize(type) == 0) {
            throw new OnnxImportException("expected graph input '" + v.getName() + "' to be a numeric tensor (float, float16, bfloat16,"
                    + " double, int8..int64, uint8..uint64, bool), found data type " + type, where,
                    "String, complex, float8 and 4-bit inputs are not supported.");
        }
    }

    private static long[] dims(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return new long[0];
        }
        List<TensorShapeProto.Dimension> ds = v.getType().getTensorType().getShape().getDimList();
        long[] out = new long[ds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ds.get(i).hasDimValue() ? ds.get(i).getDimValue() : -1;
        }
        return out;
    }
}
