package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.ChannelOrder;
import io.quant4j.data.InputSpec;
import io.quant4j.errors.Quant4jException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.junit.jupiter.api.Test;

class InputSpecOptionsTest {
    @Command(name = "t")
    static final class Host {
        @Mixin
        InputSpecOptions spec;
    }

    private static InputSpecOptions parse(String... args) {
        Host h = new Host();
        new CommandLine(h).parseArgs(args);
        return h.spec;
    }

    private static final long[] DET = {-1, 3, -1, -1};

    @Test
    void paddleOcrDetectionSpec() {
        InputSpec s = parse("--input-shape", "1x3x480x480", "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225",
                "--channel-order", "BGR").toSpec(DET, "det.onnx");
        assertThat(s.shape()).containsExactly(3, 480, 480);
        assertThat(s.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(s.std()).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(s.channelOrder()).isEqualTo(ChannelOrder.BGR);
        assertThat(s.resize()).isNull();
    }

    @Test
    void missingPartsComeFromTheModelOrDefaults() {
        assertThat(parse().given()).isFalse();
        assertThat(parse().toSpec(DET, "m")).isNull();
        // channels and H x W of a static model; mean 0, std 1, RGB
        InputSpec s = parse("--std", "0.5").toSpec(new long[] {-1, 1, 28, 28}, "m");
        assertThat(s.shape()).containsExactly(1, 28, 28);
        assertThat(s.mean()).containsExactly(0f);
        assertThat(s.std()).containsExactly(0.5f);
        assertThat(s.channelOrder()).isEqualTo(ChannelOrder.RGB);
        // torchvision's evaluation: H x W from the crop
        InputSpec t = parse("--resize", "256", "--crop", "224x224", "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225")
                .toSpec(new long[] {-1, 3, -1, -1}, "m");
        assertThat(t.shape()).containsExactly(3, 224, 224);
        assertThat(t.resize()).isEqualTo(256);
        assertThat(t.crop()).containsExactly(224, 224);
    }

    @Test
    void contradictionsAreTypedErrorsThatSayWhatToGive() {
        assertThatThrownBy(() -> parse("--mean", "0.5").toSpec(DET, "det.onnx")).isInstanceOf(Quant4jException.class)
                .hasMessageContaining("det.onnx").hasMessageContaining("symbolic").hasMessageContaining("--input-shape");
        assertThatThrownBy(() -> parse("--input-shape", "3x32x32").toSpec(new long[] {-1, 3, 28, 28}, "m"))
                .isInstanceOf(Quant4jException.class).hasMessageContaining("3x32x32");
        assertThatThrownBy(() -> parse("--input-shape", "1x28x28", "--mean", "1,2,3").toSpec(new long[] {-1, 1, 28, 28}, "m"))
                .isInstanceOf(Quant4jException.class).hasMessageContaining("one per channel");
        assertThatThrownBy(() -> parse("--input-shape", "1x28x28", "--channel-order", "bgr").toSpec(new long[] {-1, 1, 28, 28}, "m"))
                .isInstanceOf(Quant4jException.class).hasMessageContaining("3 channels");
        assertThatThrownBy(() -> parse("--input-shape", "3x28x28").toSpec(new long[] {-1, 28}, "m"))
                .isInstanceOf(Quant4jException.class).hasMessageContaining("N x C x H x W");
    }

    @Test
    void valuesAreRangeCheckedAtParse() {
        String[][] bad = {
            {"--input-shape", "3x0x4"}, {"--input-shape", "4x28x28"}, {"--input-shape", "2x3x28x28"}, {"--input-shape", "axb"},
            {"--mean", "nan"}, {"--mean", "1,2"}, {"--std", "-1"}, {"--std", "0.2,0,0.2"}, {"--channel-order", "rbg"},
            {"--resize", "0"}, {"--resize", "20000"}, {"--resize", "2x2"}, {"--crop", "224"}, {"--crop", "224x224x3"}
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> parse(b)).as(String.join(" ", b)).isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining(b[0]).hasMessageContaining("expected");
        }
        assertThat(parse("--mean", " 0.5 , 0.4,0.3 ").describe()).isEqualTo("--mean 0.5,0.4,0.3");
    }
}
