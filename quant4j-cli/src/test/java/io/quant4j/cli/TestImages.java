package io.quant4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes image files for CLI tests: grey from 8-bit pixels, RGB patterns, and files that are no image. */
final class TestImages {
    private TestImages() {}

    /** A grey PNG/BMP of {@code h x w} 8-bit pixels (row-major). */
    static Path grey(Path file, int h, int w, byte[] pixels) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, pixels);
        return write(file, img);
    }

    /** An RGB image of {@code h x w} with a smooth pattern set by {@code seed} (JPEG when the name says so). */
    static Path rgb(Path file, int h, int w, int seed) throws IOException {
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

    /** A file named like an image that holds no image. */
    static Path garbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "this is not a PNG\n");
    }

    private static Path write(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!ImageIO.write(img, ext.equals("jpg") ? "jpeg" : ext, file.toFile())) {
            throw new IOException("no ImageIO writer for " + ext);
        }
        return file;
    }
}
