package io.quant4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaded parameters own their memory: a garbage collection after loading must not change them. */
class StateDictGcTest {
    @TempDir
    Path dir;

    @Test
    void loadedValuesSurviveGarbageCollection() throws Exception {
        Path f = dir.resolve("m.safetensors");
        Map<String, float[]> expected = new LinkedHashMap<>();
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(5))) {
            StateDict.save(m, f, Map.of());
            m.namedParameters().forEach((k, p) -> expected.put(k, p.value().toFloatArray()));
        }
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(6))) {
            StateDict.load(m, f, true);
            for (int i = 0; i < 3; i++) {
                System.gc();
                byte[][] churn = new byte[64][];
                for (int j = 0; j < churn.length; j++) {
                    churn[j] = new byte[1 << 16];
                }
                Thread.sleep(50);
            }
            System.gc();
            m.namedParameters().forEach((k, p) -> assertThat(p.value().toFloatArray()).as(k).containsExactly(expected.get(k)));
        }
    }
}
