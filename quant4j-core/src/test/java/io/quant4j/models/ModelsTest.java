package io.quant4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelsTest {

    @ParameterizedTest
    @CsvSource({
        "resnet_fmnist, 174970",
        "resnet18, 11689512",
        "resnet34, 21797672",
        "resnet50, 25557032",
        "mobilenet_v2, 3504872"
    })
    void parameterCountsEqualTorchvision(String name, long expected) {
        try (Module m = Models.get(name, ModelOptions.defaults())) {
            assertThat(m.parameterCount()).isEqualTo(expected);
        }
    }

    @Test
    void resnetFmnistUsesTorchvisionNames() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThat(m.namedParameters().keySet())
                    .contains("conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
                            "layer2.0.downsample.1.bias", "layer3.1.bn2.weight", "fc.weight", "fc.bias")
                    .doesNotContain("layer1.0.downsample.0.weight");
            assertThat(m.namedBuffers().keySet()).contains("bn1.running_mean", "bn1.num_batches_tracked");
            assertThat(m.namedModules().get("layer1.0.residual")).isInstanceOf(io.quant4j.nn.Residual.class);
        }
    }

    @Test
    void forwardGivesLogits() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults()); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            m.eval();
            Tensor y = m.forward(Tensor.randn(2, 1, 28, 28));
            assertThat(y.shape()).containsExactly(2, 10);
        }
    }

    @Test
    void wrongInputChannelsNamesModuleAndExpectedShape() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults()); Scope s = Scope.open()) {
            assertThatThrownBy(() -> m.forward(Tensor.randn(2, 3, 28, 28)))
                    .isInstanceOf(ShapeMismatchException.class)
                    .hasMessageContaining("conv1 (Conv2d)")
                    .hasMessageContaining("[N, 1, H, W]")
                    .hasMessageContaining("[2, 3, 28, 28]");
        }
    }

    @Test
    void unknownModelListsAvailable() {
        assertThatThrownBy(() -> Models.get("resnet19", ModelOptions.defaults()))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("resnet19")
                .hasMessageContaining("resnet18, resnet34");
    }
}
