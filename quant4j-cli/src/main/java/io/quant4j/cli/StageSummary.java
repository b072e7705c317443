package io.quant4j.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One stage of the quantization flow (PTQ or QAT): its simulated accuracy, its checkpoint and its
 * ONNX file with what was measured on it. In JSON its keys carry the stage's prefix
 * ({@code ptq_accuracy}, {@code qat_onnx_accuracy}, ...).
 *
 * @param accuracy top-1 of the Java simulation on the validation set (null when the stage did not run)
 * @param checkpoint the stage's quant4j checkpoint, or null
 * @param onnx the stage's ONNX file, or null
 * @param onnxNote why no ONNX file was written, or null
 * @param onnxAccuracy top-1 of the file in ONNX Runtime on the validation set
 * @param onnxDisagreements images the file classifies differently from the simulation
 * @param onnxMaxDiffSteps largest output difference of the verification gate, in output steps
 * @param onnxTop1Agreement top-1 agreement of the verification gate
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StageSummary(Double accuracy, String checkpoint, String onnx, String onnxNote, Double onnxAccuracy, Long onnxDisagreements,
                    Double onnxMaxDiffSteps, Double onnxTop1Agreement) {
    /** A stage with its ONNX figures. */
    static StageSummary of(Double accuracy, String checkpoint, OnnxFigures f) {
        return new StageSummary(accuracy, checkpoint, f.onnx(), f.onnxNote(), f.onnxAccuracy(), f.onnxDisagreements(),
                f.onnxMaxDiffSteps(), f.onnxTop1Agreement());
    }

    /** A stage that did not run. */
    static StageSummary skipped() {
        return new StageSummary(null, null, null, null, null, null, null, null);
    }
}
