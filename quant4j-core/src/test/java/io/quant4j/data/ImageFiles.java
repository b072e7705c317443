package io.quant4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small image files for tests with javax.imageio (lossless PNG/BMP unless asked for JPEG). */
public final class ImageFiles {
    private ImageFiles() {}

    /** A grey {@code h x w} image whose pixel (y, x) is {@code (seed + 31 y + 7 x) mod 256}. */
    public static Path grey(Path file, int h, int w, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, greyValue(y, x, seed));
            }
        }
        return write(file, img);
    }

    /** The value {@link #grey} writes at (y, x). */
    public static int greyValue(int y, int x, int seed) {
        return Math.floorMod(seed + 31 * y + 7 * x, 256);
    }

    /** An RGB {@code h x w} image with channel values {@code (seed + 3 y + 5 x + 80 c) mod 256}. */
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

    /** Raw bytes that are no image, under an image name. */
    public static Path garbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2});
    }

    private static Path write(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        if (!ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }
}
