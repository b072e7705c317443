package io.quant4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import org.junit.jupiter.api.Test;

class ModuleTest {
    @Test
    void pathsReplaceAndModes() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThat(m.namedModules().keySet()).startsWith("", "conv1", "bn1", "relu", "layer1", "layer1.0", "layer1.0.conv1");
            assertThat(m.get("layer2.0.downsample.0")).isInstanceOf(Conv2d.class);
            Identity id = new Identity();
            m.replace("layer1.0.relu", id);
            assertThat(m.get("layer1.0.relu")).isSameAs(id);
            m.eval();
            assertThat(m.namedModules().values()).allMatch(x -> !x.isTraining());
            m.train();
            assertThat(m.get("layer3.1.bn2").isTraining()).isTrue();
            assertThat(m.toString()).contains("(conv1): Conv2d(1, 16, kernel_size=3, stride=1, padding=1, bias=False)");
        }
    }

    @Test
    void unknownPathListsClosestNames() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            assertThatThrownBy(() -> m.get("layer1.0.conv3"))
                    .isInstanceOf(NoSuchModuleException.class)
                    .hasMessageContaining("layer1.0.conv3")
                    .hasMessageContaining("layer1.0.conv1");
        }
    }

    @Test
    void deepCopyIsIndependent() {
        try (Module a = Models.get("resnet_fmnist", ModelOptions.defaults()); io.quant4j.tensor.Scope s = io.quant4j.tensor.Scope.open();
             io.quant4j.tensor.Autograd.Recording off = io.quant4j.tensor.Autograd.noGrad()) {
            a.eval();
            Module b = a.deepCopy();
            io.quant4j.tensor.Tensor x = io.quant4j.tensor.Tensor.randn(2, 1, 28, 28);
            assertThat(b.forward(x).toFloatArray()).containsExactly(a.forward(x).toFloatArray());
            assertThat(b.get("layer1.0")).isNotSameAs(a.get("layer1.0")).isInstanceOf(a.get("layer1.0").getClass());
            assertThat(b.namedParameters().get("conv1.weight")).isNotSameAs(a.namedParameters().get("conv1.weight"));
            // changing the copy's weights (through the parameter its Conv2d field holds) leaves the original alone
            Conv2d c = (Conv2d) b.get("conv1");
            assertThat(c.weight()).isSameAs(b.namedParameters().get("conv1.weight"));
            float[] before = a.forward(x).toFloatArray();
            c.weight().assign(io.quant4j.tensor.Tensor.zeros(c.weight().value().shape()));
            assertThat(a.forward(x).toFloatArray()).containsExactly(before);
            assertThat(b.forward(x).toFloatArray()).isNotEqualTo(before);
            b.close();
        }
    }
}
