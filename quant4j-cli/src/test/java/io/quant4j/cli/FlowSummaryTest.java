package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowSummaryTest {
    @Test
    void stagesAreFlatKeysWithTheirPrefix() {
        StageSummary ptq = StageSummary.of(0.93, "p.safetensors", new OnnxFigures("p.onnx", null, 0.92, 3L, 0.5, 1.0));
        FlowSummary s = new FlowSummary("x", "runs/x", List.of(), 0.94, new CalibrationSummary("max", 4, 512, 1.5, 341.3, 39, "ab"),
                39, ptq, StageSummary.skipped(), 0, null, null, null, null, null, null, List.of());
        Map<String, Object> m = s.toMap();
        assertThat(m).containsEntry("ptq_accuracy", 0.93).containsEntry("ptq_onnx", "p.onnx").containsEntry("ptq_onnx_accuracy", 0.92)
                .containsEntry("ptq_onnx_disagreements", 3L).containsEntry("ptq_checkpoint", "p.safetensors")
                .containsEntry("qat_accuracy", null).containsEntry("qat_onnx", null).containsEntry("qat_epochs", 0)
                .containsEntry("fp32_accuracy", 0.94).containsEntry("run_dir", "runs/x").containsEntry("fp32_step_ms", null);
        assertThat(m.get("calibration")).isEqualTo(Map.of("method", "max", "batches", 4, "images", 512L, "seconds", 1.5,
                "images_per_second", 341.3, "quantizers", 39, "data_digest", "ab"));
    }
}
