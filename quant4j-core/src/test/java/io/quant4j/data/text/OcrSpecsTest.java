package io.quant4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.data.Augmentation;
import io.quant4j.data.ChannelOrder;
import io.quant4j.data.ImageFolderDataset;
import io.quant4j.data.ImageShape;
import io.quant4j.data.InputSpec;
import io.quant4j.data.image.Image8;
import io.quant4j.testing.DejaVuFonts;
import io.quant4j.testing.ImageFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrSpecsTest {
    @TempDir
    Path dir;

    @Test
    void theSpecsArePaddleOcrsDefaults() {
        assertThat(OcrSpecs.DET.shape()).containsExactly(3, 480, 480);
        assertThat(OcrSpecs.REC.shape()).containsExactly(3, 48, 320);
        assertThat(OcrSpecs.CLS.shape()).containsExactly(3, 48, 192);
        for (InputSpec s : List.of(OcrSpecs.DET, OcrSpecs.REC, OcrSpecs.CLS)) {
            assertThat(s.channelOrder()).isEqualTo(ChannelOrder.BGR);
            assertThat(s.resize()).isNull();
            assertThat(InputSpec.fromJson(s.toJson()).toJson()).isEqualTo(s.toJson());
        }
        assertThat(OcrSpecs.DET.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(OcrSpecs.DET.std()).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(OcrSpecs.CLS.classNames()).containsExactly("0", "180");
    }

    @Test
    void aBatchIsBgrScaledAndNormalizedPerChannel() {
        byte[] px = new byte[48 * 192 * 3];
        px[0] = 10;
        px[1] = 20;
        px[2] = (byte) 230;
        Image8 img = new Image8(48, 192, 3, px);
        float[] x = OcrSpecs.batch(List.of(img, img), OcrSpecs.CLS);
        int plane = 48 * 192;
        assertThat(x).hasSize(2 * 3 * plane);
        assertThat(x[0]).isCloseTo((230 / 255f - 0.5f) / 0.5f, within(1e-6f));
        assertThat(x[plane]).isCloseTo((20 / 255f - 0.5f) / 0.5f, within(1e-6f));
        assertThat(x[2 * plane]).isCloseTo((10 / 255f - 0.5f) / 0.5f, within(1e-6f));
        assertThat(x[3 * plane]).isEqualTo(x[0]);
        assertThat(x[1]).isEqualTo(-1f);

        Image8 det = new Image8(480, 480, 3, new byte[480 * 480 * 3]);
        det.data()[2] = (byte) 255;
        float[] d = OcrSpecs.batch(List.of(det), OcrSpecs.DET);
        assertThat(d[0]).as("blue first, with the first mean").isCloseTo((1f - 0.485f) / 0.229f, within(1e-5f));
        assertThat(d[2 * 480 * 480]).as("red last").isCloseTo(-0.406f / 0.225f, within(1e-5f));
    }

    @Test
    void anImageFolderOfRenderedCropsReadsAsTheBatchHelperPreprocesses() throws Exception {
        TextRenderer r = DejaVuFonts.renderer();
        List<Image8> crops = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            OrientedLine line = r.orientedLine(TextRenderer.sampleSeed(1, i), 192, 48, i % 2 == 1);
            crops.add(line.image());
            ImageFiles.png(dir.resolve(line.label() + "/" + i + ".png"), line.image());
        }
        ImageFolderDataset d = ImageFolderDataset.labelled(dir, OcrSpecs.CLS, Augmentation.NONE, false);
        float[] expected = OcrSpecs.batch(crops, OcrSpecs.CLS);
        int size = 3 * 48 * 192;
        float[] x = new float[size];
        for (int i = 0; i < 4; i++) {
            assertThat(d.label(i)).isEqualTo(d.file(i).getParent().getFileName().toString().equals("1") ? 1 : 0);
            int index = Integer.parseInt(d.file(i).getFileName().toString().replace(".png", ""));
            d.read(i, x, 0, null);
            OcrSpecs.CLS.normalize().apply(x, 0, new ImageShape(3, 48, 192), null);
            assertThat(x).containsExactly(java.util.Arrays.copyOfRange(expected, index * size, (index + 1) * size));
        }
    }

    @Test
    void imagesOfAnotherSizeAreRefused() {
        Image8 img = new Image8(48, 100, 3, new byte[48 * 100 * 3]);
        assertThatThrownBy(() -> OcrSpecs.batch(List.of(img), OcrSpecs.REC)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("48 x 320").hasMessageContaining("index 0");
    }
}
