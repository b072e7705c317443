package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict structural checker for ONNX models (a Java subset of {@code onnx.checker} plus
 * quant4j's Q/DQ conventions). It reports every problem it finds:
 * <ul>
 *   <li>model: IR version set, opset imports present, unique per domain, default domain >= 13, every
 *       node's domain imported, unique metadata keys;</li>
 *   <li>names: every node named, node names unique, every value (graph input, initializer, node
 *       output) defined exactly once, initializers not also graph inputs, none unused;</li>
 *   <li>order: every non-empty node input defined before use (graph input, initializer or an
 *       earlier node's output); every graph output produced;</li>
 *   <li>tensors: element type set; data length equal to the product of the dims (raw or typed
 *       fields); graph inputs/outputs typed with a shape whose dims have a value or a name;</li>
 *   <li>attributes: unique per node, type set; value_info entries unique and naming defined values;</li>
 *   <li>Q/DQ: QuantizeLinear x float, scale of x's type, zero point int8/uint8, output of the zero
 *       point's type; DequantizeLinear x int8/uint8/int32 with a zero point of the same type, scale
 *       float, output of the scale's type (float, or float16 from opset 19 on, for both ops);
 *       scale and zero point of equal shape, a scalar without {@code axis}, 1-D of the axis' size
 *       with it; scales finite and > 0; zero points 0 (quant4j exports symmetric grids), or uint8
 *       128 (a signed grid written as uint8 for ONNX Runtime, {@code q_u8 = q_s8 + 128}).</li>
 * </ul>
 */
public final class OnnxChecker {
    private static final Set<Integer> QTYPES = Set.of(TensorProto.DataType.INT8.getNumber(), TensorProto.DataType.UINT8.getNumber());
    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();
    /** The first opset whose QuantizeLinear and DequantizeLinear take float16. */
    private static final long FLOAT16_QDQ_OPSET = 19;
    private static final Set<String> BOOL_OPS = Set.of("Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Equal", "Not", "And", "Or");

    private OnnxChecker() {}

    /** Reads and parses a file. */
    public static ModelProto read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new OnnxWriteException(file, "cannot read the ONNX file: " + e.getMessage(), e);
        }
    }

    static ModelProto parse(byte[] bytes, String where) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxCheckException(where, List.of("not an ONNX ModelProto: " + e.getMessage()));
        }
    }

    /** Checks a file; throws with every problem listed. */
    public static void check(Path file) {
        check(read(file), file.toString());
    }

    /** Checks a model; throws with every problem listed. */
    public static void check(ModelProto model, String where) {
        List<String> p = problems(model);
        if (!p.isEmpty()) {
            throw new OnnxCheckException(where, p);
        }
    }

    /** Every problem found (empty when the model is valid). */
    public static List<String> problems(ModelProto model) {
        List<String> p = new ArrayList<>();
        if (model.getIrVersion() < 3) {
            p.add("ir_version is " + model.getIrVersion() + ", expected >= 3");
        }
        Map<String, Long> opsets = new HashMap<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            String d = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            if (opsets.put(d, o.getVersion()) != null) {
                p.add("opset for domain '" + d + "' imported twice");
            }
        }
        if (!opsets.containsKey("")) {
            p.add("no opset import for the default ONNX domain");
        } else if (opsets.get("") < 13) {
            p.add("default-domain opset " + opsets.get("") + " < 13 (per-channel QuantizeLinear/DequantizeLinear need 13)");
        }
        Set<String> keys = new HashSet<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!keys.add(e.getKey())) {
                p.add("metadata key '" + e.getKey() + "' appears twice");
            }
        }
        if (!model.hasGraph()) {
            p.add("the model has no graph");
            return p;
        }
        checkGraph(model.getGraph(), opsets, p);
        return p;
    }

    private static void checkGraph(GraphProto g, Map<String, Long> opsets, List<String> p) {
        Map<String, Integer> types = new HashMap<>();
        Map<String, long[]> dims = new HashMap<>();
        Map<String, TensorProto> inits = new HashMap<>();
        Set<String> defined = new HashSet<>();
        Set<String> read = new HashSet<>();
        for (ValueInfoProto v : g.getInputList()) {
            define(v.getName(), "graph input", defined, p);
            checkValueInfo(v, "graph input", p);
            types.put(v.getName(), v.getType().getTensorType().getElemType());
            dims.put(v.getName(), shapeOf(v));
        }
        for (TensorProto t : g.getInitializerList()) {
            if (g.getInputList().stream().anyMatch(v -> v.getName().equals(t.getName()))) {
                p.add("initializer '" + t.getName() + "' is also a graph input");
            } else {
                define(t.getName(), "initializer", defined, p);
            }
            checkTensor(t, p);
            types.put(t.getName(), t.getDataType());
            dims.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
            inits.put(t.getName(), t);
        }
        Set<String> nodeNames = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            String id = n.getName().isEmpty() ? "node #" + i + " (" + n.getOpType() + ")" : "node '" + n.getName() + "'";
            if (n.getName().isEmpty()) {
                p.add(id + " has no name");
            } else if (!nodeNames.add(n.getName())) {
                p.add(id + ": node name is not unique");
            }
            if (n.getOpType().isEmpty()) {
                p.add(id + " has no op_type");
            }
            String domain = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            if (!opsets.containsKey(domain)) {
                p.add(id + ": domain '" + domain + "' has no opset import");
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    p.add(id + ": input '" + in + "' is not defined before use");
                }
                read.add(in);
            }
            Set<String> attrNames = new HashSet<>();
            for (AttributeProto a : n.getAttributeList()) {
                if (!attrNames.add(a.getName())) {
                    p.add(id + ": attribute '" + a.getName() + "' appears twice");
                }
                if (a.getType() == AttributeProto.AttributeType.UNDEFINED) {
                    p.add(id + ": attribute '" + a.getName() + "' has no type");
                }
            }
            if (n.getOutputCount() == 0) {
                p.add(id + " has no output");
            }
            Integer outType = inferType(n, types);
            if (n.getOpType().equals("QuantizeLinear") || n.getOpType().equals("DequantizeLinear")) {
                checkQdq(n, id, types, dims, inits, opsets.getOrDefault("", 0L), p);
            }
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                define(out, id + " output", defined, p);
                if (outType != null) {
                    types.put(out, outType);
                }
            }
        }
        Set<String> outs = new HashSet<>();
        for (ValueInfoProto v : g.getOutputList()) {
            checkValueInfo(v, "graph output", p);
            if (!outs.add(v.getName())) {
                p.add("graph output '" + v.getName() + "' listed twice");
            }
            if (!defined.contains(v.getName())) {
                p.add("graph output '" + v.getName() + "' is not produced by any node");
            }
            Integer t = types.get(v.getName());
            if (t != null && t != v.getType().getTensorType().getElemType()) {
                p.add("graph output '" + v.getName() + "' declared as type " + v.getType().getTensorType().getElemType()
                        + " but computed as " + t);
            }
            read.add(v.getName());
        }
        if (g.getOutputCount() == 0) {
            p.add("the graph has no output");
        }
        Set<String> infos = new HashSet<>();
        for (ValueInfoProto v : g.getValueInfoList()) {
            if (!infos.add(v.getName())) {
                p.add("value_info '" + v.getName() + "' listed twice");
            }
            if (!defined.contains(v.getName())) {
                p.add("value_info '" + v.getName() + "' describes a value no node, input or initializer defines");
            }
        }
        for (String name : inits.keySet()) {
            if (!read.contains(name)) {
                p.add("initializer '" + name + "' is never read");
            }
        }
    }

    private static void define(String name, String what, Set<String> defined, List<String> p) {
        if (name.isEmpty()) {
            p.add(what + " has an empty name");
        } else if (!defined.add(name)) {
            p.add("value '" + name + "' (" + what + ") is defined more than once");
        }
    }

    private static void checkValueInfo(ValueInfoProto v, String what, List<String> p) {
        if (!v.hasType() || !v.getType().hasTensorType()) {
            p.add(what + " '" + v.getName() + "' has no tensor type");
            return;
        }
        if (v.getType().getTensorType().getElemType() == 0) {
            p.add(what + " '" + v.getName() + "' has no element type");
        }
        if (!v.getType().getTensorType().hasShape()) {
            p.add(what + " '" + v.getName() + "' has no shape");
            return;
        }
        for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
            if (d.getValueCase() == TensorShapeProto.Dimension.ValueCase.VALUE_NOT_SET
                    || d.hasDimValue() && d.getDimValue() < 0 || d.hasDimParam() && d.getDimParam().isEmpty()) {
                p.add(what + " '" + v.getName() + "' has a dimension without a value or a name");
            }
        }
    }

    private static long[] shapeOf(ValueInfoProto v) {
        List<TensorShapeProto.Dimension> ds = v.getType().getTensorType().getShape().getDimList();
        long[] out = new long[ds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ds.get(i).hasDimValue() ? ds.get(i).getDimValue() : -1;
        }
        return out;
    }

    private static void checkTensor(TensorProto t, List<String> p) {
        String id = "initializer '" + t.getName() + "'";
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
        if (type == null || type == TensorProto.DataType.UNDEFINED) {
            p.add(id + " has no (or an unknown) data type " + t.getDataType());
            return;
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            p.add(id + " uses external data, which quant4j does not write");
            return;
        }
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                p.add(id + " has a negative dimension " + d);
                return;
            }
            n *= d;
        }
        long found;
        String field;
        if (!t.getRawData().isEmpty()) {
            int per;
            try {
                per = IrTensor.bytesPer(type);
            } catch (IllegalArgumentException e) {
                p.add(id + ": raw data of type " + type + " cannot be sized");
                return;
            }
            found = t.getRawData().size() / per;
            field = "raw_data";
            if (t.getRawData().size() % per != 0) {
                p.add(id + ": raw_data of " + t.getRawData().size() + " bytes is not a whole number of " + type + " values");
            }
        } else {
            switch (type) {
                case FLOAT -> { found = t.getFloatDataCount(); field = "float_data"; }
                case INT64 -> { found = t.getInt64DataCount(); field = "int64_data"; }
                case DOUBLE -> { found = t.getDoubleDataCount(); field = "double_data"; }
                case UINT32, UINT64 -> { found = t.getUint64DataCount(); field = "uint64_data"; }
                case STRING -> { found = t.getStringDataCount(); field = "string_data"; }
                default -> { found = t.getInt32DataCount(); field = "int32_data"; }
            }
        }
        if (found != n) {
            p.add(id + ": dims " + t.getDimsList() + " need " + n + " values, " + field + " holds " + found);
        }
    }

    private static Integer inferType(NodeProto n, Map<String, Integer> types) {
        switch (n.getOpType()) {
            case "QuantizeLinear" -> {
                return n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? types.get(n.getInput(2))
                        : Integer.valueOf(TensorProto.DataType.UINT8.getNumber());
            }
            case "DequantizeLinear" -> {
                return n.getInputCount() > 1 ? types.getOrDefault(n.getInput(1), FLOAT) : Integer.valueOf(FLOAT);
            }
            case "Cast" -> {
                return n.getAttributeList().stream().filter(a -> a.getName().equals("to")).map(a -> (int) a.getI())
                        .findFirst().orElse(null);
            }
            case "ArgMax", "ArgMin", "Shape", "Size" -> {
                return TensorProto.DataType.INT64.getNumber();
            }
            case "Where" -> {
                return n.getInputCount() > 1 ? types.get(n.getInput(1)) : null;
            }
            default -> {
                if (BOOL_OPS.contains(n.getOpType())) {
                    return TensorProto.DataType.BOOL.getNumber();
                }
                return n.getInputCount() > 0 ? types.get(n.getInput(0)) : null;
            }
        }
    }

    private static void checkQdq(NodeProto n, String id, Map<String, Integer> types, Map<String, long[]> dims,
                                 Map<String, TensorProto> inits, long opset, List<String> p) {
        boolean quantize = n.getOpType().equals("QuantizeLinear");
        if (n.getInputCount() < 2 || n.getInputCount() > 3) {
            p.add(id + ": expected 2 or 3 inputs, found " + n.getInputCount());
            return;
        }
        Integer xt = types.get(n.getInput(0));
        Integer st = types.get(n.getInput(1));
        Integer zt = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? types.get(n.getInput(2)) : null;
        Set<Integer> floats = opset >= FLOAT16_QDQ_OPSET ? Set.of(FLOAT, FLOAT16) : Set.of(FLOAT);
        String floatNames = opset >= FLOAT16_QDQ_OPSET ? "float or float16" : "float (float16 from opset " + FLOAT16_QDQ_OPSET + ")";
        if (quantize && xt != null && !floats.contains(xt)) {
            p.add(id + ": input x must be " + floatNames + ", found type " + xt);
        }
        if (quantize && xt != null && st != null && !xt.equals(st)) {
            p.add(id + ": scale type " + st + " differs from the input type " + xt);
        }
        if (!quantize && xt != null && !QTYPES.contains(xt) && xt != TensorProto.DataType.INT32.getNumber()) {
            p.add(id + ": input x must be int8, uint8 or int32, found type " + xt);
        }
        if (st == null || !floats.contains(st)) {
            p.add(id + ": scale must be " + floatNames + ", found type " + st);
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            if (zt == null || !QTYPES.contains(zt) && !(zt == TensorProto.DataType.INT32.getNumber() && !quantize)) {
                p.add(id + ": zero point must be int8 or uint8, found type " + zt);
            }
            if (!quantize && xt != null && zt != null && !xt.equals(zt)) {
                p.add(id + ": zero point type " + zt + " differs from the input type " + xt);
            }
        } else if (quantize) {
            p.add(id + ": no zero point (quant4j always writes one, so that the output type is explicit)");
        }
        Long axis = null;
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("axis")) {
                axis = a.getI();
            } else if (!a.getName().equals("saturate") && !a.getName().equals("block_size")) {
                p.add(id + ": unexpected attribute '" + a.getName() + "'");
            }
        }
        long[] sd = dims.get(n.getInput(1));
        long[] zd = zt != null ? dims.get(n.getInput(2)) : null;
        if (sd != null && zd != null && !java.util.Arrays.equals(sd, zd)) {
            p.add(id + ": scale shape " + java.util.Arrays.toString(sd) + " differs from zero point shape "
                    + java.util.Arrays.toString(zd));
        }
        if (sd != null) {
            if (axis == null && sd.length != 0 && !(sd.length == 1 && sd[0] == 1)) {
                p.add(id + ": per-tensor scale must be a scalar, found shape " + java.util.Arrays.toString(sd));
            }
            long[] xd = dims.get(n.getInput(0));
            if (axis != null) {
                if (sd.length != 1) {
                    p.add(id + ": per-axis scale must be 1-D, found shape " + java.util.Arrays.toString(sd));
                } else if (xd != null) {
                    long ax = axis < 0 ? axis + xd.length : axis;
                    if (ax < 0 || ax >= xd.length) {
                        p.add(id + ": axis " + axis + " out of range for input rank " + xd.length);
                    } else if (xd[(int) ax] >= 0 && xd[(int) ax] != sd[0]) {
                        p.add(id + ": " + sd[0] + " scales for axis " + axis + " of size " + xd[(int) ax]);
                    }
                }
            }
        }
        TensorProto scale = inits.get(n.getInput(1));
        if (scale != null && st != null && (st == FLOAT || st == FLOAT16)) {
            for (float s : st == FLOAT ? OnnxVerifier.floats(scale) : halves(scale)) {
                if (!(s > 0) || Float.isInfinite(s)) {
                    p.add(id + ": scale " + s + " is not finite and > 0");
                    break;
                }
            }
        }
        TensorProto zp = zt != null ? inits.get(n.getInput(2)) : null;
        if (zp != null) {
            byte[] raw = zp.getRawData().toByteArray();
            boolean nonZero = false;
            boolean offset = raw.length > 0 && zp.getDataType() == TensorProto.DataType.UINT8.getNumber();
            for (byte b : raw) {
                nonZero |= b != 0;
                offset &= b == (byte) 128;
            }
            for (int v : zp.getInt32DataList()) {
                nonZero |= v != 0;
                offset = false;
            }
            if (nonZero && !offset) {
                p.add(id + ": zero point is not 0 (or uint8 128, the signed grid written as uint8): quant4j exports"
                        + " symmetric grids");
            }
        }
    }

    /** The values of a FLOAT16 tensor (raw data, or int32_data holding the bits). */
    private static float[] halves(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            java.nio.ShortBuffer b = java.nio.ByteBuffer.wrap(t.getRawData().toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer();
            float[] out = new float[b.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = io.quant4j.io.Float16.toFloat(b.get(i));
            }
            return out;
        }
        float[] out = new float[t.getInt32DataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = io.quant4j.io.Float16.toFloat((short) t.getInt32Data(i));
        }
        return out;
    }
}
