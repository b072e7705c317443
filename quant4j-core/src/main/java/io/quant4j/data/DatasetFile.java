package io.quant4j.data;

import java.util.Locale;

/**
 * One published file of a dataset and the checksums of the published bytes.
 *
 * @param name file name at the official location, e.g. {@code train-images-idx3-ubyte.gz}
 * @param md5 lowercase hex MD5 of the published file, or null
 * @param sha256 lowercase hex SHA-256 of the published file, or null
 */
public record DatasetFile(String name, String md5, String sha256) {
    public DatasetFile {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("expected a plain file name, found '" + name + "'");
        }
        if (md5 == null && sha256 == null) {
            throw new IllegalArgumentException("expected an MD5 or SHA-256 checksum for " + name + ", found neither");
        }
        md5 = md5 == null ? null : md5.toLowerCase(Locale.ROOT);
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
    }

    /** The name without a {@code .gz} suffix (the uncompressed file is accepted too). */
    public String uncompressedName() {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
