package io.quant4j.testing;

import io.quant4j.data.image.Image8;
import io.quant4j.data.image.PngWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes image files for tests of every module: known grey and RGB patterns, given pixels, rendered
 * {@link Image8}s, and files that are no image. The format follows the file name's extension
 * ({@code .png}, {@code .bmp}, {@code .jpg}/{@code .jpeg}, {@code .gif}) through javax.imageio;
 * PNG and BMP are lossless, so a test can compare decoded pixels with {@link #greyValue}.
 * Parent folders are created.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** A grey {@code h x w} image whose pixel (y, x) is {@link #greyValue}{@code (y, x, seed)}. */
    public static Path grey(Path file, int h, int w, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, greyValue(y, x, seed));
            }
        }
        return write(file, img);
    }

    /** The value {@link #grey(Path, int, int, int)} writes at (y, x): {@code (seed + 31 y + 7 x) mod 256}. */
    public static int greyValue(int y, int x, int seed) {
        return Math.floorMod(seed + 31 * y + 7 * x, 256);
    }

    /** A grey image of {@code h x w} given 8-bit pixels (row-major). */
    public static Path grey(Path file, int h, int w, byte[] pixels) throws IOException {
        if (pixels.length != h * w) {
            throw new IllegalArgumentException("expected " + h + " x " + w + " = " + h * w + " pixels, found " + pixels.length);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, pixels);
        return write(file, img);
    }

    /** An RGB {@code h x w} image with channel values {@code (seed + 3 y + 5 x + 80 c) mod 256} (c = 0, 1, 2 for R, G, B). */
    public static Path rgb(Path file, int h, int w, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = Math.floorMod(seed + 3 * y + 5 * x, 256);
                int g = Math.floorMod(seed + 3 * y + 5 * x + 80, 256);
                int b = Math.floorMod(seed + 3 * y + 5 * x + 160, 256);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return write(file, img);
    }

    /**
     * An RGB {@code h x w} image whose three channels vary independently (R along the rows, G
     * along the columns, B as {@code x xor y}), set by {@code seed}: photo-like variety for
     * end-to-end runs, JPEG included.
     */
    public static Path rgbTexture(Path file, int h, int w, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (seed * 37 + 2 * y + x) & 0xFF;
                int g = (seed * 11 + y + 3 * x) & 0xFF;
                int b = (seed * 53 + (x ^ y)) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return write(file, img);
    }

    /** An {@link Image8} (e.g. rendered text) as a PNG file. */
    public static Path png(Path file, Image8 image) throws IOException {
        PngWriter.write(image, file);
        return file;
    }

    /** A PNG signature and a cut-off header under an image name: a truncated PNG. */
    public static Path garbage(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2});
    }

    /** A line of text under an image name: a file of no image format. */
    public static Path notAnImage(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, "this is not a PNG\n");
    }

    private static Path write(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!ImageIO.write(img, ext.equals("jpg") ? "jpeg" : ext, file.toFile())) {
            throw new IOException("no ImageIO writer for " + ext + " (" + file + ")");
        }
        return file;
    }
}
