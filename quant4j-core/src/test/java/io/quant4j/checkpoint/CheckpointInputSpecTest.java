package io.quant4j.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.InputSpec;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint carries its model's input spec; one without it (earlier versions) gets the zoo entry's. */
class CheckpointInputSpecTest {
    @TempDir
    Path dir;

    @Test
    void theInputSpecRoundTripsThroughACheckpoint() throws Exception {
        InputSpec custom = new InputSpec(new long[] {3, 160, 160}, 182, new int[] {160, 160}, new float[] {0.5f, 0.4f, 0.3f},
                new float[] {0.2f, 0.2f, 0.2f}, List.of("cat", "dog"));
        Path file = dir.resolve("m.safetensors");
        try (Module m = Models.get("resnet18", ModelOptions.defaults().withClasses(2))) {
            ModelCheckpoint.save(m, file, new CheckpointInfo("resnet18", 2, 3, null, Map.of(), custom));
        }
        CheckpointInfo back = ModelCheckpoint.info(file);
        assertThat(back.input().toJson()).isEqualTo(custom.toJson());
        assertThat(back.extra()).doesNotContainKey("input_spec");
    }

    @Test
    void aCheckpointWithoutSpecReadsWithTheZooEntrysForItsChannels() throws Exception {
        Path file = dir.resolve("old.safetensors");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            ModelCheckpoint.save(m, file, new CheckpointInfo("resnet_fmnist", 10, 1, null, Map.of()));
        }
        var c = SafeTensors.read(file);
        Map<String, String> md = new java.util.LinkedHashMap<>(c.metadata());
        md.remove("input_spec");
        Path old = dir.resolve("older.safetensors");
        try (var s = io.quant4j.tensor.Scope.open()) {
            Map<String, io.quant4j.tensor.Tensor> t = new java.util.LinkedHashMap<>();
            c.tensors().forEach((k, e) -> t.put(k, e.toTensor()));
            SafeTensors.write(old, t, md);
        }
        assertThat(ModelCheckpoint.info(old).input().toJson()).isEqualTo(InputSpec.FASHION_MNIST.toJson());
    }
}
