package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.quant4j.nn.graph.GraphModule;
import java.nio.file.Path;
import java.util.List;

/**
 * An imported ONNX model: the module that runs it in Java, the original model (kept to write the
 * quantized graph back with its dynamic axes, names and metadata), where it came from, and the
 * name each node got in the module (the node's own name, or its first output's when it has none).
 *
 * @param module the graph module (float, as imported)
 * @param proto the original model (after an opset upgrade, the upgraded one)
 * @param source the file it was read from
 * @param nodeNames the module's node name of each original node, in the original order
 * @param fileOpset the default-domain opset of the file; {@code proto} and the module are at a
 *     newer one when the import upgraded it ({@link ImportOptions#minOpset()})
 */
public record ImportedModel(GraphModule module, ModelProto proto, Path source, List<String> nodeNames, int fileOpset) {
    public ImportedModel {
        nodeNames = List.copyOf(nodeNames);
    }

    /** Whether the import raised the model's opset. */
    public boolean upgraded() {
        return module.opset() != fileOpset;
    }
}
