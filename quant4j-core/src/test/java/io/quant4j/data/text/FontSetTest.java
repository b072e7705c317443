package io.quant4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.testing.DejaVuFonts;
import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FontSetTest {
    @TempDir
    Path dir;

    @Test
    void everyFaceDrawsEveryCharacterOfThePhrases() {
        FontSet fonts = DejaVuFonts.assumeInstalled();
        for (FontFace face : FontFace.values()) {
            Font f = fonts.font(face, 20f);
            assertThat(f.getSize2D()).isEqualTo(20f);
            assertThat(f.canDisplayUpTo(Phrases.CHARSET)).as(face.name()).isEqualTo(-1);
            assertThat(f.isTransformed()).as(face.name()).isEqualTo(face.shear() != 0);
        }
    }

    @Test
    void theSixCoreFilesAreAllItNeeds() {
        assertThat(FontSet.requiredFiles()).containsExactly("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSansMono-Bold.ttf",
                "DejaVuSansMono.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf");
    }

    @Test
    void aMissingFolderSaysToInstallTheFonts() {
        Path missing = dir.resolve("no-fonts");
        assertThatThrownBy(() -> FontSet.load(missing)).isInstanceOf(FontsNotFoundException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("fonts-dejavu-core")
                .hasMessageContaining(FontSet.FOLDER_ENV);
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        FontSet fonts = DejaVuFonts.assumeInstalled();
        for (String f : FontSet.requiredFiles()) {
            if (!f.equals("DejaVuSerif.ttf")) {
                Files.copy(fonts.folder().resolve(f), dir.resolve(f));
            }
        }
        assertThatThrownBy(() -> FontSet.load(dir)).isInstanceOf(FontsNotFoundException.class)
                .hasMessageContaining("DejaVuSerif.ttf").hasMessageContaining("fonts-dejavu-core");
    }

    @Test
    void aFileThatIsNoFontIsRefusedWithItsName() throws Exception {
        for (String f : FontSet.requiredFiles()) {
            Files.writeString(dir.resolve(f), "not a font");
        }
        assertThatThrownBy(() -> FontSet.load(dir)).isInstanceOf(FontsNotFoundException.class)
                .hasMessageContaining("expected a TrueType font").hasMessageContaining(dir.toString());
    }

    @Test
    void sizesOutOfRangeAreRefused() {
        FontSet fonts = DejaVuFonts.assumeInstalled();
        assertThatThrownBy(() -> fonts.font(FontFace.SANS, 0.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 1000]");
    }
}
