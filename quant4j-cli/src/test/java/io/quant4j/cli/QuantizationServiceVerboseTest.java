package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.ArrayDataset;
import io.quant4j.data.DataLoader;
import io.quant4j.data.ImageShape;
import io.quant4j.data.LoaderOptions;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.CalibrationResult;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantizationSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quantization commands print SuperGradients' two verbose outputs once each, in SG's order:
 * the placement table when the quantizers are placed, then the calibrator's line per quantizer
 * with its amax ({@code calib_params.verbose}), then the calibration summary.
 */
class QuantizationServiceVerboseTest {
    private static DataLoader noiseImages(int n) {
        byte[] pixels = new byte[n * 28 * 28];
        new Random(11).nextBytes(pixels);
        return new DataLoader(new ArrayDataset("noise", new ImageShape(1, 28, 28), 10, pixels, new int[n]),
                LoaderOptions.evaluation(16));
    }

    @Test
    void placementTableThenEachQuantizerOnceThenTheSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuantizationSpec spec = QuantizationSpec.defaults().withParams(SelectiveQuantizerParams.defaults().withVerbose(true));
        QuantizationService.Calibrated c;
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(3))) {
            c = new QuantizationService(new PrintStream(bytes, true, StandardCharsets.UTF_8)).ptq(fp32, spec,
                    new long[] {1, 1, 28, 28}, noiseImages(32), CalibrationParams.defaults().withBatches(2).withVerbose(true), false);
        }
        try (Module q = c.model()) {
            String out = bytes.toString(StandardCharsets.UTF_8);
            List<String> lines = out.lines().toList();
            CalibrationResult cal = c.result().calibration();
            int table = out.indexOf(c.result().report().format());
            assertThat(table).as(out).isGreaterThanOrEqualTo(0);
            int first = out.indexOf(cal.quantizers().get(0).path() + " ");
            assertThat(first).as("the listing follows the placement table").isGreaterThan(table);
            assertThat(out.indexOf("calibration: ")).as("the summary follows the listing").isGreaterThan(first);
            for (CalibrationResult.QuantizerInfo info : cal.quantizers()) {
                String line = String.format(java.util.Locale.ROOT, "%-40s: %s", info.path(), info.description());
                assertThat(lines).as(info.path()).containsOnlyOnce(line);
            }
            assertThat(cal.quantizers()).hasSize(39);
        }
    }
}
