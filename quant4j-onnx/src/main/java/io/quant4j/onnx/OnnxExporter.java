package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.quant4j.io.AtomicFiles;
import io.quant4j.nn.ForwardTrace;
import io.quant4j.nn.Module;
import io.quant4j.quantization.target.ExportLayout;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a {@link Module} to ONNX (opset {@value #OPSET}, IR {@value #IR_VERSION}), like
 * {@code torch.onnx.export}: the forward runs once under a {@link Tracer} (eval mode, no grad,
 * in a {@link Scope}), and the trace is lowered through {@link OpTable}.
 *
 * <pre>{@code
 * ExportResult r = OnnxExporter.export(model, Path.of("model.onnx"), ExportOptions.of(1, 1, 28, 28),
 *         validationBatches, VerifyOptions.defaults());    // verified in ONNX Runtime, then written
 * }</pre>
 *
 * <p>Passes, in order: every {@code QuantizeDequantize} is validated (8-bit activations, weights of
 * 2..8 bits held as int8 integers, calibrated, not signed narrow-range) and a quantizer of a
 * parameter is quantized to integers exactly as the
 * Java forward does; eval BatchNorms are folded into their convs where exact
 * ({@link BatchNormFolding}); Identity/Dropout and dead ops are removed; the batch axis is tracked
 * so that shape constants work for any batch ({@link BatchAxes}); the layout of the model's target
 * ({@link ExportOptions#target()}, from its quantization spec) is applied ({@link LayoutPass}). The graph input and output get a
 * symbolic batch dimension {@code N}. Quantized weights are stored as {@link WeightFormat#INT8} by
 * default (exact, 4x smaller; see {@link WeightFormat}).
 *
 * <p>Metadata ({@code metadata_props}): {@code quant4j.version}, {@code quant4j.weight_format},
 * {@code quant4j.bn_folding}, and when given {@code quant4j.recipe},
 * {@code quant4j.calibration.method}, {@code .batches}, {@code .data_digest}, plus caller entries.
 *
 * <p>Files are written atomically ({@link AtomicFiles}); with verification, the serialized bytes
 * are run in ONNX Runtime first and nothing is written when they diverge.
 *
 * <p>With {@link ExportOptions#fp16()} the float32 graph is built and checked as above, then
 * {@link Float16Pass} writes its float parts in float16 (opset 19 when it has Q/DQ). Verified, the
 * float32 graph is compared with the Java forward ({@link OnnxVerifier}) and the float16 bytes with
 * the float32 bytes ({@link Float16Agreement}), both in ONNX Runtime on the same batches; only the
 * float16 file is written. The onnxruntime target is refused: its layout is for ONNX Runtime's
 * CPU integer kernels, and ONNX Runtime 1.29 cannot load its float16 form (the Q/DQ Gemm it fuses
 * into QGemm keeps float16 scales, which QGemm refuses).
 */
public final class OnnxExporter {
    /** The ONNX opset written (HardSwish needs 14; per-channel Q/DQ 13). */
    public static final int OPSET = 17;
    /** The ONNX IR version written (the one of opset 17). */
    public static final int IR_VERSION = 8;

    private OnnxExporter() {}

    /**
     * Traces and lowers a model (in float16 with {@link ExportOptions#fp16()}); the result is
     * checked by {@link OnnxChecker} but not written.
     *
     * @throws OnnxExportException for a float16 export of a model placed for the onnxruntime target
     */
    public static ExportedModel toModel(Module model, ExportOptions options) {
        checkFloat16(options);
        ExportedModel fp32 = float32Model(model, options);
        return options.fp16() ? float16(fp32) : fp32;
    }

    /** The float32 export: traced, lowered, checked. */
    private static ExportedModel float32Model(Module model, ExportOptions options) {
        Trace trace = trace(model, options);
        IrGraph g = IrGraph.fromTrace(trace, options.outputName());
        int quantizers = QuantizerPass.apply(g);
        List<String> notes = new ArrayList<>();
        int folded = options.foldBatchNorm() ? BatchNormFolding.apply(g, notes) : 0;
        GraphCleanup.apply(g);
        ExportLayout layout = options.target().exportLayout();
        LayoutPass.apply(g, layout, notes);
        Map<String, Integer> axes = BatchAxes.compute(g, options.dynamicBatch());
        GraphEmitter e = new GraphEmitter(g, axes, options.weightFormat());
        for (IrNode n : g.nodes) {
            OpTable.Lowering l = OpTable.get(n.type);
            if (l == null) {
                throw new UnsupportedOpException(n.modulePath, n.type, "no ONNX mapping (module type "
                        + (n.moduleType.isEmpty() ? "?" : n.moduleType) + ")",
                        "Write the module with supported Tensor ops, or wrap it with Tracer.composite under a mapped op type; "
                                + "supported: " + OpTable.supported());
            }
            l.lower(n, e);
        }
        ModelProto proto = model(g, e, axes, options, folded, layout);
        OnnxChecker.check(proto, "exported model");
        return new ExportedModel(proto, result(proto, quantizers, folded, notes));
    }

    /** The float16 form of a float32 export ({@link Float16Pass}), checked; its notes follow the float32 ones. */
    private static ExportedModel float16(ExportedModel fp32) {
        Float16Pass.Result h = Float16Pass.apply(fp32.proto());
        OnnxChecker.check(h.model(), "float16 export");
        List<String> notes = new ArrayList<>(fp32.result().notes());
        notes.addAll(h.notes());
        ExportResult r = fp32.result();
        return new ExportedModel(h.model(), result(h.model(), r.quantizers(), r.foldedBatchNorms(), notes));
    }

    private static ExportResult result(ModelProto proto, int quantizers, int folded, List<String> notes) {
        int q = 0;
        int dq = 0;
        for (NodeProto n : proto.getGraph().getNodeList()) {
            q += n.getOpType().equals(LayoutPass.Q) ? 1 : 0;
            dq += n.getOpType().equals(LayoutPass.DQ) ? 1 : 0;
        }
        return new ExportResult(null, proto.getGraph().getNodeCount(), q, dq, quantizers, folded, notes,
                proto.getSerializedSize(), null, null);
    }

    /** A float16 export of a model placed for the onnxruntime target is refused (see the class comment). */
    private static void checkFloat16(ExportOptions o) {
        if (o.fp16() && o.target() == QuantTarget.ONNXRUNTIME) {
            throw new OnnxExportException("a float16 export of a model placed for the onnxruntime target: ONNX Runtime 1.29"
                    + " cannot load it (the Q/DQ Gemm it fuses into QGemm keeps float16 scales, which QGemm refuses), and its CPU"
                    + " integer kernels gain nothing from float16", "export options",
                    "Export float32 for ONNX Runtime's CPU kernels, or quantize for the tensorrt target to deploy float16 float"
                            + " parts.", null);
        }
    }

    /** Exports and writes atomically, without verification. */
    public static ExportResult export(Module model, Path output, ExportOptions options) {
        ExportedModel m = toModel(model, options);
        write(output, m.toByteArray());
        return m.result().withPath(output, null);
    }

    /**
     * Exports, runs the bytes in ONNX Runtime against the Java forward on the given batches, and
     * writes the file only when they agree; a float16 export is also measured against the float32
     * bytes ({@link Float16Agreement}) and written only when within {@link Float16Tolerance#defaults()}.
     *
     * @throws OnnxVerificationException with the report when they diverge (no file is written)
     * @throws Float16VerificationException when the float16 file diverges from the float32 one (no file is written)
     */
    public static ExportResult export(Module model, Path output, ExportOptions options, List<ImageBatch> validation,
                                      VerifyOptions verify) {
        checkWritable(output);
        checkBatches(validation, options);
        checkFloat16(options);
        ExportedModel m = float32Model(model, options);
        byte[] bytes = m.toByteArray();
        VerificationReport report = OnnxVerifier.compare(model, m.proto(), bytes, validation, verify);
        if (!report.passed()) {
            throw new OnnxVerificationException(output.toString(), report);
        }
        if (!options.fp16()) {
            write(output, bytes);
            return m.result().withPath(output, report);
        }
        ExportedModel h = float16(m);
        byte[] half = h.toByteArray();
        Float16Report f = Float16Agreement.measure(bytes, half, validation,
                OrtOptions.defaults().withThreads(verify.intraOpThreads()), Float16Tolerance.defaults());
        if (!f.passed()) {
            throw new Float16VerificationException(output.toString(), f);
        }
        write(output, half);
        return h.result().withPath(output, report).withFloat16(f);
    }

    /** Traces one forward ({@link ForwardTrace}: eval mode, no gradients, flags restored) at the trace batch. */
    static Trace trace(Module model, ExportOptions options) {
        long[] shape = options.inputShape();
        shape[0] = options.traceBatch();
        return ForwardTrace.of(model, options.inputName(), shape).trace();
    }

    private static ModelProto model(IrGraph g, GraphEmitter e, Map<String, Integer> axes, ExportOptions o, int folded,
                                    ExportLayout layout) {
        String in = g.inputs.get(0);
        String out = g.outputs.get(0);
        GraphProto graph = GraphProto.newBuilder()
                .setName("quant4j")
                .addInput(valueInfo(in, g.shapes.get(in), o.dynamicBatch() ? 0 : -1))
                .addOutput(valueInfo(out, g.shapes.get(out), axes.getOrDefault(out, -1)))
                .addAllNode(e.nodes())
                .addAllInitializer(e.initializers())
                .build();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("quant4j.version", Quant4jVersion.get());
        meta.put("quant4j.weight_format", o.weightFormat().name());
        meta.put("quant4j.bn_folding", o.foldBatchNorm() ? "on (" + folded + " folded)" : "off");
        meta.putAll(layout.metadata());
        if (o.recipe() != null) {
            meta.put("quant4j.recipe", o.recipe());
        }
        if (o.calibration() != null) {
            meta.put("quant4j.calibration.method", o.calibration().method());
            meta.put("quant4j.calibration.batches", Integer.toString(o.calibration().batches()));
            if (o.calibration().dataDigest() != null) {
                meta.put("quant4j.calibration.data_digest", o.calibration().dataDigest());
            }
        }
        if (o.input() != null) {
            meta.put("quant4j.input_spec", o.input().toJson());
        }
        meta.putAll(o.metadata());
        ModelProto.Builder b = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("quant4j")
                .setProducerVersion(Quant4jVersion.get())
                .setDomain("io.quant4j")
                .setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        meta.forEach((k, v) -> b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    private static ValueInfoProto valueInfo(String name, long[] shape, int batchAxis) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.addDim(i == batchAxis ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(shape[i]));
        }
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(t).build();
    }

    /** Validation inputs must fit the exported input: same sample shape, and the fixed batch when static. */
    private static void checkBatches(List<ImageBatch> batches, ExportOptions o) {
        if (batches == null || batches.isEmpty()) {
            throw new IllegalArgumentException("verification needs at least one batch of inputs");
        }
        long[] want = o.inputShape();
        for (ImageBatch b : batches) {
            long[] s = b.shape();
            boolean sample = s.length == want.length
                    && java.util.Arrays.equals(java.util.Arrays.copyOfRange(s, 1, s.length),
                            java.util.Arrays.copyOfRange(want, 1, want.length));
            if (!sample || !o.dynamicBatch() && s[0] != want[0]) {
                throw new OnnxExportException("a verification batch of shape " + java.util.Arrays.toString(s)
                        + " does not fit the exported input " + java.util.Arrays.toString(want)
                        + (o.dynamicBatch() ? " (any batch size)" : " (static batch)"), "verification inputs",
                        "Give batches of the exported sample shape" + (o.dynamicBatch() ? "." : " and batch size " + want[0] + "."),
                        null);
            }
        }
    }

    private static void checkWritable(Path output) {
        Path abs = output.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new OnnxWriteException(output, "cannot write the ONNX file: the path is a directory", null);
        }
        Path dir = abs.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new OnnxWriteException(output, "cannot write the ONNX file: "
                    + (existing == null ? "no existing parent directory" : existing + " is not a writable directory"), null);
        }
    }

    private static void write(Path output, byte[] bytes) {
        checkWritable(output);
        try {
            AtomicFiles.write(output, out -> out.write(bytes));
        } catch (IOException | RuntimeException e) {
            throw new OnnxWriteException(output, "cannot write the ONNX file: " + e, e);
        }
    }
}
