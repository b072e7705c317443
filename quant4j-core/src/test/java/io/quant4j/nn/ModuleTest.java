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
}
