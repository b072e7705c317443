package io.quant4j.data.image;

import io.quant4j.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes {@link Image8}s as 8-bit PNG files (grey or RGB, lossless): {@link ImageDecoder} reads
 * them back byte for byte. Files are written atomically ({@link AtomicFiles}): a reader never
 * sees half a PNG.
 */
public final class PngWriter {
    private PngWriter() {}

    /** The PNG encoding of {@code image}. */
    public static byte[] encode(Image8 image) {
        int h = image.height();
        int w = image.width();
        byte[] px = image.data();
        BufferedImage img;
        if (image.channels() == 1) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, w, h, px);
        } else {
            img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0, p = y * w * 3; x < w; x++, p += 3) {
                    row[x] = ((px[p] & 0xFF) << 16) | ((px[p + 1] & 0xFF) << 8) | (px[p + 2] & 0xFF);
                }
                img.setRGB(0, y, w, 1, row, 0, w);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("this Java runtime has no ImageIO PNG writer; use a full JDK 17");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a PNG in memory: " + e, e);
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code image} to {@code file} as PNG, atomically, replacing the file if it exists
     * (callers that must not overwrite check first).
     *
     * @throws IOException when the folder cannot be created or written
     */
    public static void write(Image8 image, Path file) throws IOException {
        byte[] png = encode(image);
        AtomicFiles.write(file, out -> out.write(png));
    }
}
