package io.quant4j.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Decodes PNG, JPEG, BMP and GIF files into {@link Image8}s with PIL's semantics, as torchvision's
 * {@code pil_loader} ({@code Image.open(f).convert("RGB")}) followed, for JPEG, by
 * {@code PIL.ImageOps.exif_transpose}; {@link ColorMode#L} converts like {@code convert("L")}
 * instead, for grey models.
 *
 * <p>Pixels come from {@code javax.imageio}; the conversion to 8-bit L or RGB is PIL's (see
 * {@link ColorMode}): alpha is dropped, palettes are looked up, 16-bit grey is clipped to 255 and
 * 16-bit colour keeps the high byte, an 8-bit grey PNG decodes to {@code L} byte for byte.
 * Embedded colour profiles are ignored, as PIL ignores them. GIF gives its first frame (at the
 * frame's own size; PIL would place a frame smaller than the GIF's screen on a screen-sized canvas).
 *
 * <p>A missing, unreadable, truncated or corrupt file, an unsupported format (WebP, TIFF...) or
 * colour space (CMYK JPEG) is an {@link ImageDecodeException} that names the file and says what
 * to do. Thread-safe: every call uses its own ImageIO reader.
 *
 * <p>Note: torchvision's {@code ImageFolder} itself does not apply EXIF orientation;
 * {@link #decode(byte[], String, ColorMode, boolean)} with {@code false} reproduces it exactly.
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    /** The file as RGB, EXIF orientation applied. */
    public static Image8 decode(Path file) {
        return decode(file, ColorMode.RGB);
    }

    /** The file in the given mode, EXIF orientation applied. */
    public static Image8 decode(Path file, ColorMode mode) {
        return decode(read(file), file.toString(), mode, true);
    }

    /** Encoded bytes in the given mode, EXIF orientation applied; {@code source} names them in errors. */
    public static Image8 decode(byte[] encoded, String source, ColorMode mode) {
        return decode(encoded, source, mode, true);
    }

    /**
     * Encoded bytes in the given mode.
     *
     * @param encoded the file's content
     * @param source the file name (or any name), used in error messages
     * @param mode L or RGB
     * @param applyExifOrientation whether a JPEG's EXIF orientation (2 to 8) turns the pixels upright
     *     as {@code exif_transpose} does
     */
    public static Image8 decode(byte[] encoded, String source, ColorMode mode, boolean applyExifOrientation) {
        ImageFormat format = ImageFormat.sniff(encoded, source);
        boolean interlacedGif = format == ImageFormat.GIF && GifInterlace.isInterlaced(encoded);
        BufferedImage image = readImage(interlacedGif ? GifInterlace.markedProgressive(encoded) : encoded, format, source);
        boolean greyPng16 = format == ImageFormat.PNG && encoded.length > 25 && encoded[24] == 16 && encoded[25] == 0;
        Image8 out = RasterConverter.convert(image, mode, source, greyPng16);
        if (interlacedGif) {
            out = GifInterlace.toDisplayOrder(out);
        }
        if (applyExifOrientation && format == ImageFormat.JPEG) {
            Transposition turn = Transposition.forExifOrientation(ExifOrientation.of(encoded));
            if (turn != null) {
                out = turn.apply(out);
            }
        }
        return out;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException("expected an image file, found no file", file.toString(),
                    "check the path; image folders are read as root/<class>/<image>", e);
        } catch (IOException e) {
            throw new ImageDecodeException("expected a readable image file, found " + e, file.toString(),
                    "check that it is a regular file and that this process may read it", e);
        }
    }

    private static BufferedImage readImage(byte[] encoded, ImageFormat format, String source) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageDecodeException("expected an ImageIO reader for " + format + ", found none", source,
                    "this Java runtime lacks the standard javax.imageio plugins; use a full JDK 17", null);
        }
        ImageReader reader = readers.next();
        List<String> truncation = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")) {
                truncation.add(warning);
            }
        });
        try (ByteArrayImageInput input = new ByteArrayImageInput(encoded)) {
            reader.setInput(input, true, true);
            BufferedImage image = reader.read(0);
            if (!truncation.isEmpty()) {
                throw corrupt(format, source, String.join("; ", truncation), null);
            }
            return image;
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (format == ImageFormat.JPEG && message.contains("Unsupported Image Type")) {
                throw new ImageDecodeException("expected a grey or YCbCr/RGB JPEG, found one ImageIO cannot convert"
                        + " (CMYK or YCCK)", source,
                        "convert it to RGB, e.g. ImageMagick: convert in.jpg -colorspace sRGB out.jpg", e);
            }
            throw corrupt(format, source, e.toString(), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageDecodeException corrupt(ImageFormat format, String source, String found, Throwable cause) {
        return new ImageDecodeException("expected complete " + format + " data, found a file that does not decode: "
                + found, source, "the file is truncated or corrupt; copy or export it again, or remove it from the image folder",
                cause);
    }
}
