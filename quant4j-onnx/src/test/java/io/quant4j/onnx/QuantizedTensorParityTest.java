package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantTargets;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime against the Java forward at every quantized tensor of resnet_fmnist, for both
 * targets, within {@link ParityBound}: pretrained and calibrated as {@code quant4j ptq} does (512
 * shuffled training images, percentile histograms) on the first {@value #DEFAULT_IMAGES} test
 * images, and randomly initialised, calibrated and compared on noise. The figures behind the bound
 * come from {@code -Dquant4j.parity.images=10000}, which also prints every tensor.
 */
class QuantizedTensorParityTest {
    static final int DEFAULT_IMAGES = 512;
    static final int IMAGES = Integer.getInteger("quant4j.parity.images", DEFAULT_IMAGES);

    @TempDir
    Path dir;

    private static Module ptq(Module fp32, QuantTarget target, List<ImageBatch> calib) {
        QuantizationSpec spec = QuantizationSpec.defaults().withTarget(target)
                .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        List<Supplier<Tensor>> in = new ArrayList<>();
        calib.forEach(b -> in.add(() -> Tensor.fromFloats(b.data(), b.shape())));
        return Ptq.run(fp32, spec.toQuantizer(1, 1, 28, 28), in.iterator(), CalibrationParams.defaults(), false).model();
    }

    /** Activation quantizers of the model (weights left out), by path. */
    private static List<String> activationQuantizers(Module q) {
        List<String> out = new ArrayList<>();
        q.namedModules().forEach((p, m) -> {
            if (m instanceof TensorQuantizer t && t.isQuantizing() && !p.endsWith("_weight_quantizer")) {
                out.add(p);
            }
        });
        return out;
    }

    private static VerificationReport verify(String what, Module q, QuantTarget target, List<ImageBatch> data) {
        ExportedModel e = OnnxExporter.toModel(q, ExportOptions.of(1, 1, 28, 28).withTarget(target));
        VerificationReport r = OnnxVerifier.compare(q, e.proto(), e.toByteArray(), data, VerifyOptions.defaults());
        System.out.println("== " + what + ": " + r.summary());
        r.tensors().forEach(t -> System.out.println("  " + t.summary()));
        System.out.println("  not compared: " + r.uncompared());
        return r;
    }

    static List<QuantTarget> targets() {
        return QuantTargets.all();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void pretrainedResnetFmnistOnFashionMnistTestImages(QuantTarget target) {
        List<ImageBatch> calib = FashionMnist.batches(Split.TRAIN, 512, 128, 0L);
        List<ImageBatch> test = FashionMnist.batches(Split.TEST, IMAGES, 128, null);
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights());
             Module q = ptq(fp32, target, calib)) {
            VerificationReport r = verify("resnet_fmnist " + target.id() + ", " + IMAGES + " test images", q, target, test);
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, activationQuantizers(q));
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void randomResnetFmnistOnNoise(QuantTarget target) {
        List<ImageBatch> calib = TestNets.batches(4, 128, 500, 1, 28, 28);
        List<ImageBatch> noise = TestNets.batches(Math.max(1, IMAGES / 128), 128, 900, 1, 28, 28);
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(3));
             Module q = ptq(fp32, target, calib)) {
            VerificationReport r = verify("random-init resnet_fmnist " + target.id() + ", noise", q, target, noise);
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, activationQuantizers(q));
        }
    }

    /**
     * The data behind {@link VerifyOptions#maxTensorMeanSteps()}: in deep random-initialised zoo models
     * at 3x64x64, calibrated and compared on noise, every tensor's mean difference is within the default
     * (however many of its elements differ); printed per tensor. About a minute and a half on two
     * cores, so on request only.
     */
    @ParameterizedTest
    @CsvSource({"resnet50,tensorrt", "resnet50,onnxruntime", "mobilenet_v2,tensorrt", "mobilenet_v2,onnxruntime"})
    void deepRandomModelsOnNoise(String name, String target) {
        Assumptions.assumeTrue(Boolean.getBoolean("quant4j.parity.deep"), "deep models are measured with -Dquant4j.parity.deep=true");
        QuantizationSpec spec = QuantizationSpec.defaults().withTarget(QuantTarget.parse(target))
                .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        List<Supplier<Tensor>> in = new ArrayList<>();
        TestNets.batches(4, 16, 500, 3, 64, 64).forEach(b -> in.add(() -> Tensor.fromFloats(b.data(), b.shape())));
        try (Module fp32 = Models.get(name, ModelOptions.defaults().withSeed(3));
             Module q = Ptq.run(fp32, spec.toQuantizer(1, 3, 64, 64), in.iterator(), CalibrationParams.defaults(), false).model()) {
            ExportedModel e = OnnxExporter.toModel(q, ExportOptions.of(1, 3, 64, 64).withTarget(spec.target()));
            VerificationReport r = OnnxVerifier.compare(q, e.proto(), e.toByteArray(), TestNets.batches(4, 16, 900, 3, 64, 64),
                    VerifyOptions.defaults());
            System.out.println("== random-init " + name + " " + target + ", 3x64x64 noise: " + r.summary());
            r.tensors().forEach(t -> System.out.println("  " + t.summary()));
            assertThat(r.tensors()).isNotEmpty().allSatisfy(t -> assertThat(Math.abs(t.meanSteps())).as(t.summary())
                    .isLessThanOrEqualTo(VerifyOptions.DEFAULT_MAX_TENSOR_MEAN_STEPS + 4 * t.standardError()));
        }
    }

    private Map<String, Integer> optimizedOps(ModelProto m, String name) throws Exception {
        Path opt = dir.resolve(name);
        try (OrtRunner r = OrtRunner.open(m.toByteArray(), OrtOptions.defaults().withOptimizedModelPath(opt))) {
            assertThat(r.inputName()).isEqualTo("input");
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(opt)).getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        return ops;
    }

    /**
     * The copy with the integers as outputs runs the integer kernels the exported file runs, so its
     * figures are the file's; it only adds Transposes that hand the integers out in NCHW (ONNX
     * Runtime's x86 kernels work in NHWC), which move values without changing them.
     */
    @Test
    void theProbedCopyFormsTheSameIntegerKernels() throws Exception {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), () -> "ONNX Runtime's integer kernels"
                + " for the onnxruntime placement were established on x86-64; this machine is " + arch);
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(4));
             Module q = ptq(fp32, QuantTarget.ONNXRUNTIME, TestNets.batches(2, 8, 40, 1, 28, 28))) {
            ModelProto exported = OnnxExporter.toModel(q, ExportOptions.of(1, 1, 28, 28).withTarget(QuantTarget.ONNXRUNTIME)).proto();
            QuantizedTensors probes = QuantizedTensors.of(exported);
            assertThat(probes.probeModel().getGraph().getOutputCount()).isEqualTo(1 + probes.probes().size());
            Map<String, Integer> ops = optimizedOps(exported, "exported.onnx");
            Map<String, Integer> probed = optimizedOps(probes.probeModel(), "probed.onnx");
            assertThat(ops).containsKey("QLinearConv");
            assertThat(probed.get("Transpose")).isGreaterThanOrEqualTo(ops.getOrDefault("Transpose", 0));
            ops.remove("Transpose");
            probed.remove("Transpose");
            assertThat(probed).isEqualTo(ops);
        }
    }
}
