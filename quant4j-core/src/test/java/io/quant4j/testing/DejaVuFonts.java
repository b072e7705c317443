package io.quant4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quant4j.data.text.FontSet;
import io.quant4j.data.text.FontsNotFoundException;
import io.quant4j.data.text.TextRenderer;

/**
 * The DejaVu fonts for tests that render text: a test that calls {@link #assumeInstalled()} is
 * skipped, saying to install {@code fonts-dejavu-core}, on a machine without them.
 */
public final class DejaVuFonts {
    private static volatile FontSet cached;

    private DejaVuFonts() {}

    /** The fonts of {@link FontSet#dejavu()}; skips the calling test when they cannot be loaded. */
    public static FontSet assumeInstalled() {
        FontSet f = cached;
        if (f == null) {
            try {
                f = FontSet.dejavu();
            } catch (FontsNotFoundException e) {
                assumeTrue(false, "DejaVu fonts not available (" + e.getMessage() + ")");
            }
            cached = f;
        }
        return f;
    }

    /** A renderer with {@link #assumeInstalled()}'s fonts. */
    public static TextRenderer renderer() {
        return new TextRenderer(assumeInstalled());
    }
}
