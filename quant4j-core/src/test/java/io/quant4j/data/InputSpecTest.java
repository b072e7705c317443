package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputSpecTest {
    @Test
    void jsonRoundTripsEveryField() {
        for (InputSpec s : List.of(InputSpec.FASHION_MNIST, InputSpec.MNIST, InputSpec.IMAGENET,
                new InputSpec(new long[] {3, 32, 48}, 36, new int[] {32, 48}, new float[] {0.1f, 0.2f, 0.3f},
                        new float[] {0.4f, 0.5f, 0.6f}, List.of("a \"quoted\" name", "ü")),
                InputSpec.IMAGENET.withChannelOrder(ChannelOrder.BGR))) {
            InputSpec back = InputSpec.fromJson(s.toJson());
            assertThat(back.shape()).containsExactly(s.shape());
            assertThat(back.resize()).isEqualTo(s.resize());
            assertThat(back.crop()).isEqualTo(s.crop());
            assertThat(back.mean()).containsExactly(s.mean());
            assertThat(back.std()).containsExactly(s.std());
            assertThat(back.classNames()).isEqualTo(s.classNames());
            assertThat(back.channelOrder()).isEqualTo(s.channelOrder());
        }
    }

    @Test
    void invalidSpecsAreRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> new InputSpec(new long[] {2, 8, 8}, null, null, new float[] {0}, new float[] {1}, null))
                .hasMessageContaining("1 (grey) or 3 (RGB)");
        assertThatThrownBy(() -> new InputSpec(new long[] {3, 8, 8}, 10, new int[] {7, 8}, new float[] {0}, new float[] {1}, null))
                .hasMessageContaining("center crop equal to the input's H x W 8x8");
        assertThatThrownBy(() -> new InputSpec(new long[] {3, 8, 8}, null, null, new float[] {0, 0}, new float[] {1, 1}, null))
                .hasMessageContaining("one per channel");
        assertThatThrownBy(() -> InputSpec.fromJson("{\"shape\": [1, 28]}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelsChangeKeepsTheNormalizationMeaningful() {
        InputSpec grey = InputSpec.IMAGENET.withChannels(1);
        assertThat(grey.shape()).containsExactly(1, 224, 224);
        assertThat(grey.mean()).hasSize(1);
        assertThat(grey.mean()[0]).isCloseTo((0.485f + 0.456f + 0.406f) / 3, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(InputSpec.FASHION_MNIST.withChannels(3).mean()).containsExactly(0.2860f);
    }
}
