package io.quant4j.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What the recipe-driven PTQ/QAT flow did, written as the run folder's {@code summary.json} and the
 * source of {@code qat --json} (flat snake_case keys: {@code ptq_accuracy}, {@code qat_onnx},
 * {@code fp32_step_ms}, ...).
 *
 * @param experiment the recipe's experiment name
 * @param runDir the run folder
 * @param recipeModifications what the pre-launch callbacks changed
 * @param fp32Accuracy top-1 of the float model on the validation set
 * @param calibration the PTQ calibration (null when PTQ was resumed from its checkpoint)
 * @param quantizers quantizers in the model (null when resumed)
 * @param ptq the PTQ stage
 * @param qat the QAT stage ({@link StageSummary#skipped()} with {@code ptq_only})
 * @param qatEpochs epochs trained (0 with {@code ptq_only})
 * @param qatResumedFromEpoch the epoch QAT resumed from, or null
 * @param qatKeptEpoch which epoch's weights the QAT stage kept, or null
 * @param fp32StepMs median FP32 training step on the same batches (ms), or null
 * @param qatStepMs median QAT training step (ms), or null
 * @param qatStepRatio their ratio, or null
 * @param qatTrainImagesPerSecond QAT training throughput, or null
 * @param warnings the warnings, as {@link Warnings#toJson()}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record FlowSummary(String experiment, String runDir, List<String> recipeModifications, double fp32Accuracy,
                   CalibrationSummary calibration, Integer quantizers,
                   @JsonUnwrapped(prefix = "ptq_") StageSummary ptq,
                   @JsonUnwrapped(prefix = "qat_") StageSummary qat,
                   int qatEpochs, Integer qatResumedFromEpoch, String qatKeptEpoch, Double fp32StepMs, Double qatStepMs,
                   Double qatStepRatio, Double qatTrainImagesPerSecond, List<Map<String, Object>> warnings) {
    public FlowSummary {
        recipeModifications = List.copyOf(recipeModifications);
        warnings = List.copyOf(warnings);
    }

    /** The summary as a JSON object's key/value map (the keys {@code summary.json} has). */
    Map<String, Object> toMap() {
        return Json.mapper().convertValue(this, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }
}
