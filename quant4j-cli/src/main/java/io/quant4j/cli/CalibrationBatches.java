package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.tensor.Tensor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * A calibration loader's epoch as the batches {@link io.quant4j.quantization.ptq.Ptq} reads (each
 * supplier creates its tensor in the caller's scope), with the SHA-256 of every float the
 * calibration saw, in order (little-endian), so that a run can be told apart from another on other
 * data ({@code data_digest}).
 */
final class CalibrationBatches implements Iterator<Supplier<Tensor>>, AutoCloseable {
    private final BatchStream stream;
    private final MessageDigest digest;

    CalibrationBatches(BatchStream stream) {
        this.stream = stream;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean hasNext() {
        return stream.hasNext();
    }

    @Override
    public Supplier<Tensor> next() {
        Batch b = stream.next();
        byte[] bytes = new byte[4];
        for (float f : b.imageData()) {
            int bits = Float.floatToIntBits(f);
            bytes[0] = (byte) bits;
            bytes[1] = (byte) (bits >> 8);
            bytes[2] = (byte) (bits >> 16);
            bytes[3] = (byte) (bits >> 24);
            digest.update(bytes);
        }
        return b::images;
    }

    /** The SHA-256 (hex) of the data read so far; call once, at the end. */
    String digest() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        stream.close();
    }
}
