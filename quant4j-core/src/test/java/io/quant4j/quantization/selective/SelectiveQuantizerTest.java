package io.quant4j.quantization.selective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.models.BasicBlock;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.models.QuantBasicBlock;
import io.quant4j.models.QuantBottleneck;
import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Linear;
import io.quant4j.nn.MaxPool2d;
import io.quant4j.nn.Module;
import io.quant4j.nn.NoSuchModuleException;
import io.quant4j.nn.Residual;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.quantization.calib.MaxCalibrator;
import io.quant4j.quantization.layers.QuantAdaptiveAvgPool2d;
import io.quant4j.quantization.layers.QuantConv2d;
import io.quant4j.quantization.layers.QuantLinear;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Structure tests in the spirit of SuperGradients' quantization_utility_tests. */
class SelectiveQuantizerTest {
    private static SelectiveQuantizer quiet() {
        return new SelectiveQuantizer(io.quant4j.quantization.selective.SelectiveQuantizerParams.defaults().withVerbose(false));
    }

    private static long count(Module m, Class<?> type) {
        return m.namedModules().values().stream().filter(type::isInstance).count();
    }

    @Test
    void resnet18DefaultsQuantizeConvsLinearPoolAndShortcuts() {
        try (Module m = Models.get("resnet18", ModelOptions.defaults())) {
            QuantizationReport r = quiet().quantize(m);
            assertThat(m.get("conv1")).isInstanceOf(QuantConv2d.class);
            assertThat(m.get("maxpool")).isExactlyInstanceOf(MaxPool2d.class);
            assertThat(m.get("layer1.0")).isInstanceOf(QuantBasicBlock.class);
            assertThat(m.get("layer1.0.conv2")).isInstanceOf(QuantConv2d.class);
            assertThat(m.get("layer1.0.residual")).isInstanceOf(TensorQuantizer.class);
            assertThat(m.get("layer2.0.downsample.0")).isInstanceOf(QuantConv2d.class);
            assertThat(m.get("layer2.0.downsample.1")).isExactlyInstanceOf(BatchNorm2d.class);
            assertThat(m.get("avgpool")).isInstanceOf(QuantAdaptiveAvgPool2d.class);
            assertThat(m.get("fc")).isInstanceOf(QuantLinear.class);
            assertThat(count(m, QuantConv2d.class)).isEqualTo(20);
            // 21 weighted layers x 2 + 8 shortcuts + 1 pool
            assertThat(count(m, TensorQuantizer.class)).isEqualTo(51);
            assertThat(r.leftFloat()).isEmpty();
            assertThat(m.namedParameters().keySet()).contains("layer1.0.conv1.weight");
            TensorQuantizer w = ((QuantConv2d) m.get("conv1")).weightQuantizer();
            assertThat(w.descriptor().axis()).isEqualTo(io.quant4j.quantization.QuantAxis.of(0));
            assertThat(w.calibrator()).isInstanceOf(MaxCalibrator.class);
            assertThat(((QuantConv2d) m.get("conv1")).inputQuantizer().calibrator()).isInstanceOf(HistogramCalibrator.class);
        }
    }

    @Test
    void resnet50BottlenecksAreRecursedThenReplaced() {
        try (Module m = Models.get("resnet50", ModelOptions.defaults())) {
            QuantizationReport r = quiet().quantize(m);
            assertThat(count(m, QuantBottleneck.class)).isEqualTo(16);
            assertThat(count(m, QuantConv2d.class)).isEqualTo(53);
            assertThat(m.get("layer3.5.conv3")).isInstanceOf(QuantConv2d.class);
            assertThat(m.get("layer3.5.residual")).isInstanceOf(TensorQuantizer.class);
            // recursion into the block is reported before the block itself
            int conv = indexOf(r, "layer1.0.conv1");
            int block = indexOf(r, "layer1.0");
            assertThat(conv).isLessThan(block);
        }
    }

    private static int indexOf(QuantizationReport r, String path) {
        for (int i = 0; i < r.entries().size(); i++) {
            if (r.entries().get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void weightsArePreserved() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults()); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            m.eval();
            Module q = m.deepCopy();
            quiet().quantize(q);
            assertThat(q.stateTensors().get("layer2.0.conv1.weight").toFloatArray())
                    .containsExactly(m.stateTensors().get("layer2.0.conv1.weight").toFloatArray());
            // quantizers off: the quantized model computes exactly the float function
            QuantizationCalibratorAccess.disableAll(q);
            Tensor x = Tensor.randn(2, 1, 28, 28);
            assertThat(q.forward(x).toFloatArray()).containsExactly(m.forward(x).toFloatArray());
        }
    }

    @Test
    void skipsByNameTypeAndPattern() {
        try (Module m = Models.get("resnet18", ModelOptions.defaults())) {
            SelectiveQuantizer sq = quiet()
                    .registerSkipQuantization(Set.of("layer1.0.conv1", "layer2.0.residual"))
                    .registerSkipQuantization(AdaptiveAvgPool2d.class)
                    .registerSkipQuantization(Pattern.compile("layer4\\..*"));
            QuantizationReport r = sq.quantize(m);
            assertThat(m.get("layer1.0.conv1")).isExactlyInstanceOf(Conv2d.class);
            assertThat(m.get("layer1.0.conv2")).isInstanceOf(QuantConv2d.class);
            assertThat(m.get("layer2.0.residual")).isExactlyInstanceOf(Residual.class);
            assertThat(m.get("avgpool")).isExactlyInstanceOf(AdaptiveAvgPool2d.class);
            assertThat(m.get("layer4.0")).isExactlyInstanceOf(BasicBlock.class);
            assertThat(m.get("layer4.0.conv1")).isExactlyInstanceOf(Conv2d.class);
            assertThat(m.get("layer3.1.conv1")).isInstanceOf(QuantConv2d.class);
            assertThat(r.skipped()).contains("layer1.0.conv1", "avgpool", "layer4.0", "layer4.1");
            assertThat(r.leftFloat()).contains("layer1.0.conv1", "avgpool", "layer4.0.conv1", "layer2.0.residual");
            assertThat(r.entries().stream().filter(e -> e.path().equals("layer4.0")).findFirst().orElseThrow().matchedBy())
                    .isEqualTo("pattern layer4\\..*");
        }
    }

    @Test
    void nameTakesPrecedenceOverType() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            SelectiveQuantizer sq = quiet().registerSkipQuantization(Conv2d.class)
                    .registerQuantizationMapping(Set.of("conv1"), QuantizedMetadata.of(ReplacementAction.REPLACE, "QuantConv2d",
                            (f, i, w) -> QuantConv2d.fromFloat((Conv2d) f, i, w)));
            sq.quantize(m);
            assertThat(m.get("conv1")).isInstanceOf(QuantConv2d.class);
            assertThat(m.get("layer1.0.conv1")).isExactlyInstanceOf(Conv2d.class);
        }
    }

    @Test
    void customDescriptorsArePiped() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            QuantDescriptor in = QuantDescriptor.INT8_PER_TENSOR; // max calibrator for inputs
            QuantDescriptor w = QuantDescriptor.INT8_PER_TENSOR.withCalibMethod(CalibMethod.HISTOGRAM);
            quiet().registerQuantizationMapping(Set.of("fc"), QuantizedMetadata.of(ReplacementAction.REPLACE, "QuantLinear",
                    (f, i, ww) -> QuantLinear.fromFloat((Linear) f, i, ww)).withDescriptors(in, w)).quantize(m);
            QuantLinear fc = (QuantLinear) m.get("fc");
            assertThat(fc.inputQuantizer().calibrator()).isInstanceOf(MaxCalibrator.class);
            assertThat(fc.weightQuantizer().calibrator()).isInstanceOf(HistogramCalibrator.class);
            QuantConv2d c = (QuantConv2d) m.get("conv1");
            assertThat(c.inputQuantizer().calibrator()).isInstanceOf(HistogramCalibrator.class);
            assertThat(c.weightQuantizer().calibrator()).isInstanceOf(MaxCalibrator.class);
        }
    }

    @Test
    void skipQuantizationWrapperIsUnwrappedAndLeftFloat() {
        TestBlocks.Net net = new TestBlocks.Net(new SkipQuantization(new TestBlocks.MyBlock(4)));
        QuantizationReport r = quiet().quantize(net);
        assertThat(net.get("block")).isExactlyInstanceOf(TestBlocks.MyBlock.class);
        assertThat(net.get("block.linear1")).isExactlyInstanceOf(Linear.class);
        assertThat(net.get("fc_in")).isInstanceOf(QuantLinear.class);
        assertThat(r.entries().stream().filter(e -> e.path().equals("block")).findFirst().orElseThrow().action())
                .isEqualTo(ReplacementAction.UNWRAP);
        net.close();
    }

    @Test
    void quantizedMappingWrapperBuildsTheTargetByConstructorFields() {
        TestBlocks.Net net = new TestBlocks.Net(new QuantizedMapping(new TestBlocks.MyBlock(4), "MyQuantBlock",
                QuantizationRegistry.factoryFor(TestBlocks.MyQuantBlock.class), null, null));
        TestBlocks.MyBlock original = (TestBlocks.MyBlock) ((QuantizedMapping) net.get("block")).floatModule();
        float[] w = original.namedParameters().get("linear1.weight").value().toFloatArray();
        quiet().quantize(net);
        assertThat(net.get("block")).isInstanceOf(TestBlocks.MyQuantBlock.class);
        assertThat(((TestBlocks.MyQuantBlock) net.get("block")).seenInput.calibMethod()).isEqualTo(CalibMethod.HISTOGRAM);
        assertThat(net.namedParameters().get("block.linear1.weight").value().toFloatArray()).containsExactly(w);
        // REPLACE does not recurse: the new block's own children stay float
        assertThat(net.get("block.linear1")).isExactlyInstanceOf(Linear.class);
        net.close();
    }

    @Test
    void replaceAndRecurseVersusRecurseAndReplace() {
        TestBlocks.Net a = new TestBlocks.Net(new TestBlocks.MyBlock(4));
        quiet().registerQuantizationMapping(TestBlocks.MyBlock.class, QuantizedMetadata.of(ReplacementAction.REPLACE_AND_RECURSE,
                "AdoptingQuantBlock", QuantizationRegistry.factoryFor(TestBlocks.AdoptingQuantBlock.class))).quantize(a);
        TestBlocks.AdoptingQuantBlock qa = (TestBlocks.AdoptingQuantBlock) a.get("block");
        assertThat(qa.sawQuantizedLinear).isFalse();
        assertThat(a.get("block.linear1")).isInstanceOf(QuantLinear.class);

        TestBlocks.Net b = new TestBlocks.Net(new TestBlocks.MyBlock(4));
        quiet().registerQuantizationMapping(TestBlocks.MyBlock.class, QuantizedMetadata.of(ReplacementAction.RECURSE_AND_REPLACE,
                "AdoptingQuantBlock", QuantizationRegistry.factoryFor(TestBlocks.AdoptingQuantBlock.class))).quantize(b);
        TestBlocks.AdoptingQuantBlock qb = (TestBlocks.AdoptingQuantBlock) b.get("block");
        assertThat(qb.sawQuantizedLinear).isTrue();
        assertThat(b.get("block.linear1")).isInstanceOf(QuantLinear.class);
        assertThat(b.get("block.residual")).isInstanceOf(TensorQuantizer.class);
        a.close();
        b.close();
    }

    @Test
    void registryAddsUserBlocksToNewQuantizers() {
        QuantizationRegistry.register(TestBlocks.MyBlock.class, TestBlocks.MyQuantBlock.class, ReplacementAction.REPLACE);
        try {
            TestBlocks.Net net = new TestBlocks.Net(new TestBlocks.MyBlock(4));
            quiet().quantize(net);
            assertThat(net.get("block")).isInstanceOf(TestBlocks.MyQuantBlock.class);
            net.close();
        } finally {
            QuantizationRegistry.unregister(TestBlocks.MyBlock.class);
        }
    }

    @Test
    void theLearnAmaxWeightsNoteIsOneRuleForBothTargets() {
        SelectiveQuantizerParams p = SelectiveQuantizerParams.defaults().withVerbose(false).withLearnAmax(true);
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            QuantizationReport r = QuantizationSpec.defaults().withParams(p)
                    .withTarget(io.quant4j.quantization.target.QuantTarget.ONNXRUNTIME).toQuantizer(1, 1, 28, 28).quantize(m);
            assertThat(r.warnings()).contains(p.learnAmaxWeightsNote());
        }
        assertThat(p.learnAmaxWeightsNote()).contains("Disabling it for weights quantization").contains("TypeError");
        assertThat(p.withPerChannel(false).learnAmaxWeightsNote()).isNull();
        assertThat(p.withPerChannel(false).weightDescriptor().learnAmax()).isTrue();
    }

    @Test
    void registryPassesTheRegisteredDescriptorsToTheQuantizedBlock() {
        QuantDescriptor in = QuantDescriptor.INT8_PER_TENSOR.withNumBits(6).withUnsigned(true);
        QuantizationRegistry.register(TestBlocks.MyBlock.class, TestBlocks.MyQuantBlock.class, ReplacementAction.REPLACE,
                in, QuantDescriptor.INT8_PER_TENSOR.withAxes(0, 1));
        try (TestBlocks.Net net = new TestBlocks.Net(new TestBlocks.MyBlock(4))) {
            quiet().quantize(net);
            TestBlocks.MyQuantBlock q = (TestBlocks.MyQuantBlock) net.get("block");
            assertThat(q.seenInput).isEqualTo(in).isNotEqualTo(quiet().defaultInputDescriptor());
        } finally {
            QuantizationRegistry.unregister(TestBlocks.MyBlock.class);
        }
    }

    @Test
    void aSpecMappingByClassNameCarriesItsDescriptors() {
        QuantDescriptor in = QuantDescriptor.INT8_PER_TENSOR.withNumBits(5);
        ModuleMapping m = new ModuleMapping(TestBlocks.MyBlock.class.getName(), TestBlocks.MyQuantBlock.class.getName(),
                ReplacementAction.REPLACE, in, null);
        try (TestBlocks.Net net = new TestBlocks.Net(new TestBlocks.MyBlock(4))) {
            QuantizationSpec.defaults().withParams(SelectiveQuantizerParams.defaults().withVerbose(false))
                    .withMappings(java.util.List.of(m)).toQuantizer(1, 4).quantize(net);
            assertThat(((TestBlocks.MyQuantBlock) net.get("block")).seenInput).isEqualTo(in);
        }
        assertThatThrownBy(() -> new ModuleMapping("com.acme.Missing", "com.acme.MissingQuant", ReplacementAction.REPLACE,
                null, null).metadata()).isInstanceOf(QuantizationMappingException.class)
                .hasMessageContaining("com.acme.MissingQuant").hasMessageContaining("quantized module mapping");
        assertThatThrownBy(() -> new ModuleMapping(TestBlocks.MyBlock.class.getName(), null, ReplacementAction.REPLACE,
                null, null)).isInstanceOf(QuantizationMappingException.class).hasMessageContaining("needs the quantized module type");
        assertThatThrownBy(() -> QuantizationSpec.defaults().withTarget(io.quant4j.quantization.target.QuantTarget.ONNXRUNTIME)
                .withMappings(java.util.List.of(m)).toQuantizer(1, 4)).isInstanceOf(QuantizationMappingException.class)
                .hasMessageContaining("tensorrt");
    }

    @Test
    void skipOfAMissingModuleListsClosestNames() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThatThrownBy(() -> quiet().registerSkipQuantization(Set.of("layer1.0.conv3")).quantize(m))
                    .isInstanceOf(NoSuchModuleException.class)
                    .hasMessageContaining("layer1.0.conv3")
                    .hasMessageContaining("layer1.0.conv1");
            assertThat(m.get("conv1")).isExactlyInstanceOf(Conv2d.class);
        }
    }

    @Test
    void targetThatCannotBeBuiltNamesTheMissingField() {
        TestBlocks.Net net = new TestBlocks.Net(new TestBlocks.MyBlock(4));
        SelectiveQuantizer sq = quiet().registerQuantizationMapping(Set.of("block"), QuantizedMetadata.of(
                ReplacementAction.REPLACE, "NeedsWidth", QuantizationRegistry.factoryFor(TestBlocks.NeedsWidth.class)));
        assertThatThrownBy(() -> sq.quantize(net))
                .isInstanceOf(QuantizationMappingException.class)
                .hasMessageContaining("block: NeedsWidth cannot be built from MyBlock")
                .hasMessageContaining("'width'");
        net.close();
    }

    @Test
    void learnAmaxWithPerChannelWeightsIsReported() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            QuantizationReport r = new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false).withLearnAmax(true)).quantize(m);
            assertThat(r.warnings()).anyMatch(w -> w.contains("learn_amax"));
            QuantConv2d c = (QuantConv2d) m.get("conv1");
            assertThat(c.weightQuantizer().descriptor().learnAmax()).isFalse();
            assertThat(c.inputQuantizer().descriptor().learnAmax()).isTrue();
        }
    }

    static final class QuantizationCalibratorAccess {
        static void disableAll(Module m) {
            m.namedModules().values().forEach(x -> {
                if (x instanceof TensorQuantizer q) {
                    q.disable();
                }
            });
        }
    }

}
