package io.quant4j.cli;

/**
 * An ONNX file a flow wrote and what was measured on it: the verification gate's figures and its
 * accuracy in ONNX Runtime on the whole evaluation set.
 *
 * @param onnx the file, or null when not exported
 * @param onnxNote why it was not exported, or null
 * @param onnxAccuracy top-1 of the file in ONNX Runtime
 * @param onnxDisagreements images the file classifies differently from the Java simulation
 * @param onnxMaxDiffSteps largest output difference of the verification gate, in output steps
 * @param onnxTop1Agreement top-1 agreement of the verification gate
 */
record OnnxFigures(String onnx, String onnxNote, Double onnxAccuracy, Long onnxDisagreements, Double onnxMaxDiffSteps,
                   Double onnxTop1Agreement) {
    /** Not exported, and why. */
    static OnnxFigures notExported(String why) {
        return new OnnxFigures(null, why, null, null, null, null);
    }
}
