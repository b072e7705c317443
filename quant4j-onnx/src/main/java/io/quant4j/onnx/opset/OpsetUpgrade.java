package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashSet;
import java.util.Set;

/**
 * Converts a model to a newer default-domain opset, the Java counterpart of Python's
 * {@code onnx.version_converter.convert_version}, so that quant4j can write per-channel
 * {@code DequantizeLinear} (opset 13) into models exported at older opsets.
 *
 * <p>Rule: every default-domain node crosses, in order, each version its op gained between the
 * model's opset and the target ({@code op-versions.txt}, from the ONNX Changelog). A step is
 * either compatible (the node is kept: new types, negative axes, new attributes whose default
 * is the old behaviour) or rewritten by a rule that keeps what the node computes (attributes
 * that became inputs become int64 or typed initializers, Upsample becomes Resize, pre-13
 * Softmax's 2-D coercion becomes Flatten, Softmax, Reshape). A step with no rule, or a node the
 * rule cannot express, throws {@link OpsetUpgradeException} naming the node, its op and both
 * opsets; nothing is passed through silently.
 *
 * <p>Kept: node names, value names (every edge and graph output), graph inputs and outputs,
 * {@code value_info} (less entries of outputs a rule removed because nothing read them),
 * metadata, other domains' nodes and opset imports. Added: helper initializers and nodes under
 * new unique names ({@code <node>/<role>}). The default-domain opset import becomes the target
 * and {@code ir_version} rises to what the target needs (opset 13 and 14: IR 7; 15 to 17: IR 8).
 * A model below IR 4 lists its initializers among the graph inputs, where they are constants;
 * from IR 4 on that would make them overridable inputs, so they leave the input list.
 *
 * <pre>{@code
 * ModelProto m13 = OpsetUpgrade.to(ModelProto.parseFrom(bytes), 13);
 * }</pre>
 */
public final class OpsetUpgrade {
    /** The newest target opset supported. */
    public static final int MAX_TARGET = OpVersions.MAX_OPSET;

    private OpsetUpgrade() {}

    /**
     * The model converted to {@code targetOpset}.
     *
     * @param targetOpset from the model's own default-domain opset up to {@value #MAX_TARGET}
     * @throws OpsetUpgradeException for a target out of range, a model without a default-domain
     *     opset import or with local functions, or a node no rule can convert
     */
    public static ModelProto to(ModelProto model, int targetOpset) {
        long from = defaultOpset(model);
        if (targetOpset > MAX_TARGET || targetOpset < from) {
            throw modelError(from, targetOpset, "a target opset from the model's " + from + " to " + MAX_TARGET,
                    "target " + targetOpset, targetOpset < from
                            ? "Opset downgrades are not supported; keep the model's opset." 
                            : "Ask for opset " + MAX_TARGET + " or lower (newer ops are not in quant4j's tables yet).");
        }
        if (model.getFunctionsCount() > 0) {
            throw modelError(from, targetOpset, "a model without local functions",
                    model.getFunctionsCount() + " functions (first '" + model.getFunctions(0).getName() + "')",
                    "Inline the functions first (onnx.inliner), then upgrade.");
        }
        GraphProto g = model.getGraph();
        GraphUpgrade up = new GraphUpgrade(new Names(g), Names.uses(g), (int) from, targetOpset);
        GraphProto converted = up.upgrade(g, null, "graph '" + g.getName() + "'");
        if (model.getIrVersion() < 4) {
            converted = withoutInitializerInputs(converted);
        }
        ModelProto.Builder b = model.toBuilder().setGraph(converted)
                .setIrVersion(Math.max(model.getIrVersion(), irVersionFor(targetOpset)));
        for (int k = 0; k < b.getOpsetImportCount(); k++) {
            OperatorSetIdProto o = b.getOpsetImport(k);
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                b.setOpsetImport(k, o.toBuilder().setVersion(targetOpset));
            }
        }
        return b.build();
    }

    /** The model's default-domain opset ({@code ""} or {@code "ai.onnx"}). */
    public static long defaultOpset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new OpsetUpgradeException("<model>", "", 0, 0, "an opset_import for the default ONNX domain",
                "imports " + model.getOpsetImportList().stream().map(o -> "'" + o.getDomain() + "' " + o.getVersion()).toList(),
                "model", "Add the default domain's opset_import (the opset the model was exported at).");
    }

    /**
     * The IR version an opset came with (ONNX releases 1.0 to 1.12): 3 up to opset 8, then
     * 4, 5, 6 for opsets 9, 10, 11, 7 for 12 to 14, 8 for 15 to 17.
     */
    static long irVersionFor(int opset) {
        if (opset <= 8) {
            return 3;
        }
        if (opset <= 11) {
            return opset - 5;
        }
        return opset <= 14 ? 7 : 8;
    }

    private static GraphProto withoutInitializerInputs(GraphProto g) {
        Set<String> inits = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            inits.add(t.getName());
        }
        GraphProto.Builder b = g.toBuilder().clearInput();
        g.getInputList().stream().filter(v -> !inits.contains(v.getName())).forEach(b::addInput);
        return b.build();
    }

    private static OpsetUpgradeException modelError(long from, long to, String expected, String found, String hint) {
        return new OpsetUpgradeException("<model>", "", from, to, expected, found, "model", hint);
    }
}
