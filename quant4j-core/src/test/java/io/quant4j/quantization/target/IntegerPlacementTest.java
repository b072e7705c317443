package io.quant4j.quantization.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Identity;
import io.quant4j.nn.Module;
import io.quant4j.nn.NoSuchModuleException;
import io.quant4j.nn.ReLU6;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.Residual;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.quantization.layers.Activation;
import io.quant4j.quantization.layers.IntegerConv2d;
import io.quant4j.quantization.layers.IntegerLinear;
import io.quant4j.quantization.layers.QuantAdaptiveAvgPool2d;
import io.quant4j.quantization.selective.QuantizationMappingException;
import io.quant4j.quantization.selective.QuantizationReport;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegerPlacementTest {
    private static final QuantizationSpec ORT = QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
            .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));

    private static long count(Module m, Class<?> type) {
        return m.namedModules().values().stream().filter(type::isInstance).count();
    }

    private static IntegerConv2d conv(Module m, String path) {
        return (IntegerConv2d) m.get(path);
    }

    private static TensorQuantizer own(IntegerConv2d c) {
        return (TensorQuantizer) c.inputQuantizer();
    }

    @Test
    void residualNetworkGetsOneQuantizerPerTensorAtTheFusablePlaces() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            QuantizationReport r = ORT.toQuantizer(1, 1, 28, 28).quantize(m);
            assertThat(count(m, IntegerConv2d.class)).isEqualTo(15);
            assertThat(count(m, IntegerLinear.class)).isEqualTo(1);
            assertThat(count(m, BatchNorm2d.class)).as("every BN folded").isZero();
            assertThat(count(m, TensorQuantizer.class)).isEqualTo(39);
            assertThat(r.leftFloat()).isEmpty();
            assertThat(r.notes()).contains("15 integer convs, 1 integer linear layers, 6 integer adds");

            // stem: signed input, ReLU fused, unsigned output read by layer1.0 as it is
            IntegerConv2d stem = conv(m, "conv1");
            assertThat(own(stem).descriptor().unsigned()).isFalse();
            assertThat(stem.activation()).isEqualTo(Activation.RELU);
            assertThat(stem.outputQuantizer().descriptor().unsigned()).isTrue();
            assertThat(m.get("relu")).isInstanceOf(Identity.class);
            assertThat(m.get("bn1")).isInstanceOf(Identity.class);
            assertThat(conv(m, "layer1.0.conv1").inputQuantizer()).isNull();
            assertThat(conv(m, "layer1.0.conv1").inputSource()).isSameAs(stem.outputQuantizer());
            assertThat(m.get("layer1.0.residual")).isInstanceOf(Residual.class);

            // block: the shared ReLU stays; conv2 quantizes its input (unsigned) and its output (signed) before the add
            IntegerConv2d c2 = conv(m, "layer1.0.conv2");
            assertThat(m.get("layer1.0.relu")).isInstanceOf(ReLU.class);
            assertThat(c2.activation()).isEqualTo(Activation.NONE);
            assertThat(own(c2).descriptor().unsigned()).isTrue();
            assertThat(c2.outputQuantizer().descriptor().unsigned()).isFalse();
            assertThat(conv(m, "layer1.0.conv1").outputQuantizer()).isNull();

            // the block output has one quantizer, owned by the next conv1 and shared by the shortcut
            TensorQuantizer owner = own(conv(m, "layer1.1.conv1"));
            assertThat(owner.descriptor().unsigned()).isTrue();
            assertThat(((TiedQuantizer) m.get("layer1.1.residual")).owner()).isSameAs(owner);
            TensorQuantizer owner2 = own(conv(m, "layer2.0.conv1"));
            IntegerConv2d ds = conv(m, "layer2.0.downsample.0");
            assertThat(((TiedQuantizer) ds.inputQuantizer()).owner()).isSameAs(owner2);
            assertThat(ds.inputSource()).isSameAs(owner2);
            assertThat(ds.outputQuantizer().descriptor().unsigned()).isFalse();
            assertThat(m.get("layer2.0.residual")).as("the downsample output is quantized already").isInstanceOf(Residual.class);

            // head: quantized pooling input, linear with its own unsigned input quantizer
            assertThat(((QuantAdaptiveAvgPool2d) m.get("avgpool")).inputQuantizer().descriptor().unsigned()).isTrue();
            IntegerLinear fc = (IntegerLinear) m.get("fc");
            assertThat(((TensorQuantizer) fc.inputQuantizer()).descriptor().unsigned()).isTrue();
            assertThat(fc.weightQuantizer().descriptor().axis()).isEqualTo(io.quant4j.quantization.QuantAxis.of(0));
            try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                m.eval();
                assertThat(m.forward(Tensor.randn(2, 1, 28, 28)).shape()).containsExactly(2, 10);
            }
        }
    }

    @Test
    void maxPoolAndMobileNetBlocksArePlacedThroughTheDataflow() {
        try (Module m = Models.get("resnet18", ModelOptions.defaults().withClasses(10))) {
            ORT.toQuantizer(1, 3, 32, 32).quantize(m);
            assertThat(count(m, IntegerConv2d.class)).isEqualTo(20);
            // max pooling commutes with quantization: layer1.0 reads the stem's quantized output through it
            assertThat(conv(m, "layer1.0.conv1").inputSource()).isSameAs(conv(m, "conv1").outputQuantizer());
            assertThat(conv(m, "layer1.0.conv1").inputQuantizer()).isNull();
        }
        try (Module m = Models.get("mobilenet_v2", ModelOptions.defaults().withClasses(10))) {
            QuantizationReport r = ORT.toQuantizer(1, 3, 32, 32).quantize(m);
            assertThat(count(m, IntegerConv2d.class)).isEqualTo(52);
            assertThat(count(m, ReLU6.class)).as("every ReLU6 fused into its conv").isZero();
            assertThat(conv(m, "features.0.0").activation()).isEqualTo(Activation.RELU6);
            assertThat(r.notes()).contains("52 integer convs, 1 integer linear layers, 10 integer adds");
        }
    }

    @Test
    void skippedModulesStayFloat() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            QuantizationReport r = ORT.withSkipModules(List.of("layer3.1", "fc")).toQuantizer(1, 1, 28, 28).quantize(m);
            assertThat(m.get("layer3.1.conv1").getClass()).isEqualTo(Conv2d.class);
            assertThat(m.get("layer3.1.bn1")).isInstanceOf(BatchNorm2d.class);
            assertThat(m.get("fc")).isNotInstanceOf(IntegerLinear.class);
            assertThat(count(m, IntegerConv2d.class)).isEqualTo(13);
            assertThat(r.skipped()).containsExactly("layer3.1", "fc");
        }
    }

    @Test
    void wrongUseIsAnErrorThatSaysWhatToDo() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThatThrownBy(() -> ORT.toQuantizer(new long[0])).isInstanceOf(QuantizationMappingException.class)
                    .hasMessageContaining("N x C x H x W");
            assertThatThrownBy(() -> ORT.withSkipModules(List.of("layer9")).toQuantizer(1, 1, 28, 28).quantize(m))
                    .isInstanceOf(NoSuchModuleException.class);
            ORT.toQuantizer(1, 1, 28, 28).quantize(m);
            assertThatThrownBy(() -> ORT.toQuantizer(1, 1, 28, 28).quantize(m))
                    .isInstanceOf(QuantizationMappingException.class).hasMessageContaining("expected a float model");
        }
    }

    @Test
    void placementDependsOnStructureOnlySoCheckpointsRebuildIt() {
        Map<String, String> a;
        Map<String, String> b;
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(1))) {
            ORT.toQuantizer(1, 1, 28, 28).quantize(m);
            a = describe(m);
        }
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(2))) {
            Engines.seed(9);
            ORT.toQuantizer(4, 1, 28, 28).quantize(m);
            b = describe(m);
        }
        assertThat(b).isEqualTo(a);
    }

    private static Map<String, String> describe(Module m) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.namedModules().forEach((p, x) -> out.put(p, x.typeName() + (x instanceof TensorQuantizer q ? " " + q.descriptor() : "")));
        m.stateEntries().forEach((k, v) -> out.put(k, java.util.Arrays.toString(v.value().shape())));
        return out;
    }
}
