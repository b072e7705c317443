package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {
    @TempDir
    Path dir;

    private static Image8 random(int h, int w, int c, long seed) {
        byte[] px = new byte[h * w * c];
        new SplittableRandom(seed).nextBytes(px);
        return new Image8(h, w, c, px);
    }

    @Test
    void rgbAndGreyImagesReadBackByteForByte() throws IOException {
        for (int c : new int[] {1, 3}) {
            Image8 img = random(7, 11, c, c);
            Path file = dir.resolve("sub/img" + c + ".png");
            PngWriter.write(img, file);
            assertThat(ImageDecoder.decode(file, c == 1 ? ColorMode.L : ColorMode.RGB)).isEqualTo(img);
            assertThat(ImageDecoder.decode(PngWriter.encode(img), "mem", c == 1 ? ColorMode.L : ColorMode.RGB)).isEqualTo(img);
        }
    }

    @Test
    void writingLeavesNoTemporaryFileAndReplacesAtomically() throws IOException {
        Path file = dir.resolve("x.png");
        PngWriter.write(random(3, 4, 3, 1), file);
        Image8 second = random(5, 2, 3, 2);
        PngWriter.write(second, file);
        assertThat(ImageDecoder.decode(file)).isEqualTo(second);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("x.png");
        }
    }
}
