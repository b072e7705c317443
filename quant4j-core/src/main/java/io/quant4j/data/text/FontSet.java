package io.quant4j.data.text;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The DejaVu fonts, loaded from their TrueType files with {@link Font#createFont} so that rendered
 * text does not depend on the machine's logical fonts or font configuration: the same files give
 * the same glyphs everywhere. {@link #dejavu()} reads the folder named by the environment variable
 * {@value #FOLDER_ENV}, else {@value #DEFAULT_FOLDER} (Debian's {@code fonts-dejavu-core}).
 *
 * <p>Sizes are in pixels: Java2D draws a font of size {@code s} into an image with an identity
 * transform at {@code s} pixels per em (DejaVu's ascent is {@code 0.928 s}, descent {@code 0.236 s}).
 * Immutable and thread-safe.
 */
public final class FontSet {
    /** The environment variable naming a folder with the DejaVu TrueType files. */
    public static final String FOLDER_ENV = "QUANT4J_FONTS";
    /** Where Debian and Ubuntu install {@code fonts-dejavu-core}. */
    public static final String DEFAULT_FOLDER = "/usr/share/fonts/truetype/dejavu";

    private final Path folder;
    private final Map<FontFace, Font> base;

    private FontSet(Path folder, Map<FontFace, Font> base) {
        this.folder = folder;
        this.base = base;
    }

    /** The TrueType files every face needs, sorted. */
    public static List<String> requiredFiles() {
        TreeSet<String> files = new TreeSet<>();
        for (FontFace f : FontFace.values()) {
            files.add(f.file());
        }
        return List.copyOf(files);
    }

    /**
     * The fonts from {@value #FOLDER_ENV}, or from {@value #DEFAULT_FOLDER} when it is not set.
     *
     * @throws FontsNotFoundException when the folder or one of the files is missing or unreadable
     */
    public static FontSet dejavu() {
        String env = System.getenv(FOLDER_ENV);
        return load(Path.of(env != null && !env.isBlank() ? env : DEFAULT_FOLDER));
    }

    /**
     * The fonts from a folder holding {@link #requiredFiles()}.
     *
     * @throws FontsNotFoundException when the folder or one of the files is missing or unreadable
     */
    public static FontSet load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new FontsNotFoundException("expected a folder with the DejaVu TrueType fonts, found "
                    + (Files.exists(folder) ? "a file" : "nothing"), folder.toString(), null);
        }
        Map<String, Font> byFile = new java.util.HashMap<>();
        for (String name : requiredFiles()) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new FontsNotFoundException("expected the font file " + name + ", found none", folder.toString(), null);
            }
            try {
                byFile.put(name, Font.createFont(Font.TRUETYPE_FONT, file.toFile()));
            } catch (FontFormatException | IOException e) {
                throw new FontsNotFoundException("expected a TrueType font, found a file Java cannot read (" + e.getMessage() + ")",
                        file.toString(), e);
            }
        }
        Map<FontFace, Font> faces = new EnumMap<>(FontFace.class);
        for (FontFace f : FontFace.values()) {
            Font font = byFile.get(f.file());
            faces.put(f, f.shear() == 0 ? font : font.deriveFont(AffineTransform.getShearInstance(-f.shear(), 0)));
        }
        return new FontSet(folder, faces);
    }

    /** The face at {@code pixels} pixels per em. */
    public Font font(FontFace face, float pixels) {
        if (!(pixels >= 1 && pixels <= 1000)) {
            throw new IllegalArgumentException("expected a font size in [1, 1000] pixels, found " + pixels);
        }
        return base.get(face).deriveFont(pixels);
    }

    /** The folder the fonts were read from. */
    public Path folder() {
        return folder;
    }

    @Override
    public String toString() {
        return "FontSet[" + folder + "]";
    }
}
