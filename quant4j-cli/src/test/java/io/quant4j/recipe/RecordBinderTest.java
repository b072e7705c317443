package io.quant4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordBinderTest {
    enum Mode { COSINE, STEP }

    record Inner(int batchSize, boolean shuffle) {
        static Inner defaults() {
            return new Inner(32, true);
        }
    }

    record Outer(String name, int maxEpochs, double lr, Mode mode, Inner loader, List<Integer> milestones,
                 Map<String, Double> extra) {
        Outer {
            if (maxEpochs < 1) {
                throw new IllegalArgumentException("expected max_epochs >= 1, found " + maxEpochs);
            }
        }

        static Outer defaults() {
            return new Outer("x", 1, 0.1, Mode.COSINE, Inner.defaults(), List.of(), Map.of());
        }
    }

    private static Outer bind(String yaml) {
        return RecordBinder.bind(YamlReader.parse(yaml, "r.yaml"), Outer.class, "");
    }

    @Test
    void bindsWithDefaultsAndTypes() {
        Outer o = bind("name: net\nmax_epochs: 3\nlr: 5e-4\nmode: Step\nloader:\n  batch_size: 128\nmilestones: [1, 2]\nextra: {a: 1}\n");
        assertThat(o).isEqualTo(new Outer("net", 3, 5e-4, Mode.STEP, new Inner(128, true), List.of(1, 2), Map.of("a", 1.0)));
        assertThat(bind("")).isEqualTo(Outer.defaults());
    }

    @Test
    void unknownKeyNamesPathLineAndClosestKey() {
        assertThatThrownBy(() -> bind("name: a\nloader:\n  batch_sise: 3\n"))
                .isInstanceOf(RecipeException.class)
                .hasMessageContaining("loader.batch_sise (r.yaml line 3)")
                .hasMessageContaining("Did you mean 'batch_size'?");
    }

    @Test
    void wrongTypeAndInvalidValueAreLocated() {
        assertThatThrownBy(() -> bind("max_epochs: three\n"))
                .hasMessageContaining("max_epochs (r.yaml line 1)").hasMessageContaining("expected an integer, found 'three'");
        assertThatThrownBy(() -> bind("max_epochs: 0\n"))
                .hasMessageContaining("r.yaml line 1").hasMessageContaining("expected max_epochs >= 1, found 0");
        assertThatThrownBy(() -> bind("mode: linear\n"))
                .hasMessageContaining("mode (r.yaml line 1)").hasMessageContaining("cosine, step");
        assertThatThrownBy(() -> bind("loader: 5\n")).hasMessageContaining("expected a mapping");
        assertThatThrownBy(() -> bind("a: [1\n")).hasMessageContaining("invalid YAML");
    }

    @Test
    void overridesKeepTypesAndErrorsNameTheOverride() {
        YamlNode n = Overrides.apply(YamlReader.parse("max_epochs: 3\n", "r.yaml"),
                List.of("max_epochs=1", "loader.batch_size=8", "milestones=[4, 5]"));
        Outer o = RecordBinder.bind(n, Outer.class, "");
        assertThat(o.maxEpochs()).isEqualTo(1);
        assertThat(o.loader().batchSize()).isEqualTo(8);
        assertThat(o.milestones()).containsExactly(4, 5);
        YamlNode bad = Overrides.apply(YamlReader.parse("max_epochs: 3\n", "r.yaml"), List.of("max_epoch=1"));
        assertThatThrownBy(() -> RecordBinder.bind(bad, Outer.class, ""))
                .hasMessageContaining("--set max_epoch=1").hasMessageContaining("Did you mean 'max_epochs'");
    }
}
