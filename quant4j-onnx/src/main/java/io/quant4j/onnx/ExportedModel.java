package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * An exported model in memory, already structurally checked.
 *
 * @param proto the ONNX model
 * @param result counts and notes ({@code path} is null until written)
 */
public record ExportedModel(ModelProto proto, ExportResult result) {
    /** The serialized model. */
    public byte[] toByteArray() {
        return proto.toByteArray();
    }
}
