package io.quant4j.data.image;

/**
 * Reads the EXIF Orientation tag (0x0112, values 1 to 8) of a JPEG file, which says how the
 * stored pixels must be turned to be seen upright (cameras store sensor rows and set this tag).
 *
 * <p>Walks the JPEG markers from SOI up to the first scan (SOS), takes the first APP1 segment
 * that starts with {@code "Exif\0\0"}, reads its TIFF header (byte order {@code II} or
 * {@code MM}, magic 42, offset of IFD0) and looks for tag 0x0112 in IFD0 (type SHORT, or LONG).
 * Orientation is metadata: when the file has no such tag, or the EXIF block is malformed or cut
 * short, the answer is 1 (as stored), and the pixels are decoded (or rejected) on their own terms.
 */
final class ExifOrientation {
    static final int AS_STORED = 1;
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation (1 to 8) of a JPEG file's bytes; 1 when absent, unreadable or out of range. */
    static int of(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return AS_STORED;
        }
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return AS_STORED;
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {   // fill byte
                pos++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {   // scan data or end: no EXIF before it
                return AS_STORED;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {   // markers without a length
                pos += 2;
                continue;
            }
            int length = u16(jpeg, pos + 2, false);
            int start = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return AS_STORED;
            }
            if (marker == 0xE1 && end - start >= 6 && isExifHeader(jpeg, start)) {
                return fromTiff(jpeg, start + 6, end);
            }
            pos = end;
        }
        return AS_STORED;
    }

    private static boolean isExifHeader(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0 && b[at + 5] == 0;
    }

    /** Orientation from a TIFF structure in {@code b[tiff, end)}. */
    private static int fromTiff(byte[] b, int tiff, int end) {
        if (end - tiff < 8) {
            return AS_STORED;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return AS_STORED;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return AS_STORED;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return AS_STORED;
        }
        int at = (int) (tiff + ifd);
        int entries = u16(b, at, little);
        for (int i = 0; i < entries; i++) {
            int entry = at + 2 + 12 * i;
            if (entry + 12 > end) {
                return AS_STORED;
            }
            if (u16(b, entry, little) != TAG_ORIENTATION) {
                continue;
            }
            int type = u16(b, entry + 2, little);
            long value;
            if (type == 3) {
                value = u16(b, entry + 8, little);
            } else if (type == 4) {
                value = u32(b, entry + 8, little);
            } else {
                return AS_STORED;
            }
            return value >= 1 && value <= 8 ? (int) value : AS_STORED;
        }
        return AS_STORED;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xFF;
        int b1 = b[at + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long lo = u16(b, little ? at : at + 2, little);
        long hi = u16(b, little ? at + 2 : at, little);
        return (hi << 16) | lo;
    }
}
