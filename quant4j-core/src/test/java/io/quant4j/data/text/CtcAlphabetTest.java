package io.quant4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.errors.Quant4jException;
import io.quant4j.testing.OcrModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtcAlphabetTest {
    @TempDir
    Path dir;

    /** One-hot scores over {@code size} classes for the given class sequence. */
    private static float[] oneHot(int size, int... classes) {
        float[] p = new float[classes.length * size];
        for (int t = 0; t < classes.length; t++) {
            p[t * size + classes[t]] = 0.9f;
        }
        return p;
    }

    @Test
    void greedyDecodingMergesRepeatsAndDropsBlanks() {
        CtcAlphabet a = CtcAlphabet.of(List.of("a", "b", "c"), true);
        assertThat(a.size()).isEqualTo(5);
        assertThat(a.symbol(0)).isEmpty();
        assertThat(a.symbol(4)).isEqualTo(" ");
        assertThat(a.decodeGreedy(oneHot(5, 0, 1, 1, 0, 1, 2, 2, 4, 3), 0, 9)).isEqualTo("aab c");
        float[] two = new float[2 * 3 * 5];
        System.arraycopy(oneHot(5, 3, 3, 0), 0, two, 15, 15);
        assertThat(a.decodeGreedy(two, 15, 3)).isEqualTo("c");
        assertThat(a.decodeGreedy(two, 0, 3)).isEmpty();
        assertThatThrownBy(() -> a.decodeGreedy(two, 16, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CtcAlphabet.greedyPath(oneHot(5, 0, 1, 1, 0, 1, 2, 2, 4, 3), 0, 9, 5)).containsExactly(1, 1, 2, 4, 3);
        assertThat(CtcAlphabet.greedyPath(two, 15, 3, 5)).containsExactly(3);
    }

    @Test
    void aDictionaryFileIsReadLineByLine() throws Exception {
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "x\r\ny\nz\n");
        CtcAlphabet a = CtcAlphabet.read(f, false);
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.classOf("y")).isEqualTo(2);
        assertThat(a.classOf(" ")).isEqualTo(-1);
        assertThat(a.canSpell("zyx")).isTrue();
        assertThat(a.canSpell("x y")).isFalse();
    }

    @Test
    void anEmptyLineIsRefusedWithFileAndLine() throws Exception {
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "x\n\ny\n");
        assertThatThrownBy(() -> CtcAlphabet.read(f, true)).isInstanceOf(Quant4jException.class)
                .hasMessageContaining(f + ":2").hasMessageContaining("empty line");
        assertThatThrownBy(() -> CtcAlphabet.read(dir.resolve("none.txt"), true)).isInstanceOf(Quant4jException.class)
                .hasMessageContaining("fetch-ocr-models");
    }

    @Test
    void ppOcrKeysGive6625ClassesAndSpellEveryRenderedCharacter() {
        OcrModels.assumeAvailable();
        CtcAlphabet a = CtcAlphabet.read(OcrModels.keys(), true);
        assertThat(a.size()).isEqualTo(1 + 6623 + 1);
        assertThat(a.symbol(6624)).isEqualTo(" ");
        assertThat(a.canSpell(Phrases.CHARSET)).isTrue();
    }
}
