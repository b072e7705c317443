package io.quant4j.examples;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.ExportResult;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Export: PTQ, then an ONNX file with QuantizeLinear/DequantizeLinear, verified in ONNX Runtime
 * against the Java forward before it is written.
 */
public final class ExportExample {
    private ExportExample() {}

    /** Writes {@code file} and returns the export result (with its verification report). */
    public static ExportResult run(Path file) {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights());
             Module int8 = Ptq.run(fp32, new SelectiveQuantizer(), ExampleData.images(ExampleData.train(128, 512)),
                     CalibrationParams.defaults().withBatches(4), false).model()) {
            List<ImageBatch> check = new ArrayList<>();
            try (BatchStream s = ExampleData.test(32, 128).epoch(0)) {
                for (Batch b : s) {
                    check.add(new ImageBatch(b.imageData().clone(), new long[] {b.size(), 1, 28, 28}, null));
                }
            }
            return OnnxExporter.export(int8, file, ExportOptions.of(1, 1, 28, 28), check, VerifyOptions.defaults());
        }
    }

    public static void main(String[] args) {
        ExportResult r = run(Path.of(args.length > 0 ? args[0] : "resnet_fmnist_int8.onnx"));
        System.out.println(r.path() + ": " + r.verification().summary());
    }
}
