package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import io.quant4j.onnx.DeployedAccuracy;
import io.quant4j.onnx.OrtOptions;
import java.nio.file.Path;

/**
 * Measures an ONNX file a command wrote on the command's whole evaluation set in ONNX Runtime
 * (the settings of {@code quant4j eval --onnx}), prints it next to the simulation, and adds a
 * warning when the two differ by more than {@link DeployedAccuracy#WARNING_GAP}.
 */
final class Deployment {
    private Deployment() {}

    static DeployedAccuracy measure(Path onnx, Module simulated, DataLoader test, Warnings warnings) {
        DeployedAccuracy d = DeployedAccuracy.measure(onnx, simulated, CliData.imageBatches(test, 0), OrtOptions.defaults());
        System.out.println(d.summary());
        warnings.add(d);
        return d;
    }
}
