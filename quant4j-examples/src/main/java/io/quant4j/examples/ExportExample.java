package io.quant4j.examples;

import io.quant4j.cli.QuantizationService;
import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Export through the same service the CLI's {@code ptq} and {@code qat} use: PTQ for the spec's
 * target, then an ONNX file with QuantizeLinear/DequantizeLinear told that target, verified in ONNX
 * Runtime against the Java forward before it is written, and its accuracy measured in ONNX Runtime.
 */
public final class ExportExample {
    private ExportExample() {}

    /** Writes {@code file} for {@code target} and returns what the export measured. */
    public static QuantizationService.Exported run(Path file, QuantTarget target) {
        QuantizationSpec spec = QuantizationSpec.defaults().withTarget(target)
                .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        long[] shape = QuantizationService.inputShape(Models.info("resnet_fmnist").input());
        QuantizationService service = new QuantizationService(System.out);
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            QuantizationService.Calibrated c = service.ptq(fp32, spec, shape, ExampleData.train(128, 512),
                    CalibrationParams.defaults(), false);
            try (Module int8 = c.model()) {
                DataLoader test = ExampleData.test(32, 128);
                List<ImageBatch> check = new ArrayList<>();
                try (BatchStream s = test.epoch(0)) {
                    for (Batch b : s) {
                        check.add(new ImageBatch(b.imageData().clone(), new long[] {b.size(), 1, 28, 28}, null));
                    }
                }
                ExportOptions options = QuantizationService.exportOptions(shape, spec, "resnet_fmnist", c.summary());
                return service.export(int8, file, options, check, test);
            }
        }
    }

    public static void main(String[] args) {
        QuantizationService.Exported r = run(Path.of(args.length > 0 ? args[0] : "resnet_fmnist_int8.onnx"), QuantTarget.ONNXRUNTIME);
        System.out.println(r.deployed().summary());
    }
}
