package io.quant4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.cli.QuantizationService;
import io.quant4j.quantization.selective.QuantizationReport;
import io.quant4j.quantization.target.QuantTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example on a slice of Fashion-MNIST. */
class ExamplesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
                || System.getenv("QUANT4J_DATA") != null, "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
    }

    @Test
    void hybridPtq() {
        double[] r = HybridPtqExample.run(2, 1000);
        assertThat(r[0]).isGreaterThan(0.85);
        assertThat(r[1]).isGreaterThan(r[0] - 0.02);
    }

    @Test
    void selectiveQuantization() {
        QuantizationReport r = SelectiveQuantizationExample.run(2);
        assertThat(r.skipped()).contains("conv1");
        assertThat(r.replaced()).contains("fc.0", "fc.0.linear", "fc.0.residual", "fc.1", "layer1.0");
        assertThat(r.entries().stream().filter(e -> e.path().equals("fc.0")).findFirst().orElseThrow().quantType())
                .isEqualTo("MyQuantHead");
        assertThat(r.leftFloat()).containsExactly("conv1");
    }

    @Test
    void qat() {
        double[] r = QatExample.run(dir.resolve("run"), 1024, 500);
        assertThat(r[1]).isGreaterThan(0.85);
    }

    @Test
    void export() {
        QuantizationService.Exported r = ExportExample.run(dir.resolve("m.onnx"), QuantTarget.ONNXRUNTIME);
        assertThat(dir.resolve("m.onnx")).isRegularFile();
        assertThat((Integer) r.export().get("quantize_linear")).isPositive();
        // the file is measured on the same 128 test images the simulation sees: the two agree on nearly all
        assertThat(r.deployed().images()).isEqualTo(128);
        assertThat(r.deployed().disagreements()).isLessThanOrEqualTo(2);
        assertThat(r.deployed().onnxAccuracy()).isGreaterThan(0.85);
    }
}
