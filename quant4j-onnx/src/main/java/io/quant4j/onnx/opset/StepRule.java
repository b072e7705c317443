package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;

/**
 * One op's step from its previous version to the version introduced at {@link StepContext#opset()}:
 * the node written for the new version, with any helper nodes around it, in graph order. The
 * returned nodes must compute what the old node computed, produce its output names, and use only
 * the semantics of the step's opset (later steps upgrade them further).
 */
@FunctionalInterface
interface StepRule {
    /** The step for an op whose change does not affect models valid at the previous version. */
    StepRule KEEP = (n, c) -> List.of(n);

    /**
     * @throws OpsetUpgradeException when the node uses a form the new version cannot express
     */
    List<NodeProto> apply(NodeProto node, StepContext c);
}
