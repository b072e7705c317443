package io.quant4j.data.image;

/** The file formats {@link ImageDecoder} reads, told apart by their first bytes (not the file name). */
enum ImageFormat {
    /** {@code 89 'P' 'N' 'G' 0D 0A 1A 0A}. */
    PNG("png"),
    /** {@code FF D8 FF}. */
    JPEG("jpeg"),
    /** {@code 'G' 'I' 'F' '8'}. */
    GIF("gif"),
    /** {@code 'B' 'M'}. */
    BMP("bmp");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    String imageIoName() {
        return imageIoName;
    }

    static ImageFormat sniff(byte[] b, String source) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return PNG;
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return GIF;
        }
        if (b.length >= 14 && b[0] == 'B' && b[1] == 'M') {
            return BMP;
        }
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            head.append(String.format("%02x ", b[i] & 0xFF));
        }
        throw new ImageDecodeException("expected a PNG, JPEG, GIF or BMP file, found " + b.length + " bytes starting "
                + (b.length == 0 ? "(empty)" : head.toString().trim()), source,
                "convert the image to PNG or JPEG (WebP, TIFF and others are not read), or remove it from the image folder",
                null);
    }
}
