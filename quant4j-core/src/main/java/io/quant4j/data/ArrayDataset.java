package io.quant4j.data;

/**
 * A dataset held in memory: {@code N x C x H x W} pixel bytes and {@code N} labels.
 *
 * <pre>{@code
 * Dataset d = new ArrayDataset("toy", new ImageShape(1, 2, 2), 2,
 *         new byte[] {0, 0, 0, 0,  (byte) 255, 0, 0, 0}, new int[] {0, 1});
 * }</pre>
 */
public final class ArrayDataset implements Dataset {
    private final String name;
    private final ImageShape shape;
    private final int classes;
    private final byte[] pixels;
    private final int[] labels;

    /**
     * @param name name for messages
     * @param shape shape of one image
     * @param classes number of classes
     * @param pixels {@code N * shape.size()} bytes (not copied: do not modify afterwards)
     * @param labels {@code N} labels in {@code 0..classes-1} (not copied)
     */
    public ArrayDataset(String name, ImageShape shape, int classes, byte[] pixels, int[] labels) {
        if (classes < 1) {
            throw new IllegalArgumentException("expected at least one class, found " + classes + " for " + name);
        }
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " images of " + shape + " = "
                    + (long) labels.length * shape.size() + " bytes, found " + pixels.length + " bytes for " + name);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("expected labels in 0.." + (classes - 1) + ", found " + labels[i]
                        + " at example " + i + " of " + name);
            }
        }
        this.name = name;
        this.shape = shape;
        this.classes = classes;
        this.pixels = pixels;
        this.labels = labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public long[] sampleShape() {
        return new long[] {shape.channels(), shape.height(), shape.width()};
    }

    @Override
    public ImageShape imageShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** Copies the {@code C*H*W} pixel bytes of example {@code index} into {@code dst} at {@code offset}. */
    public void copyPixels(int index, byte[] dst, int offset) {
        int n = shape.size();
        System.arraycopy(pixels, index * n, dst, offset, n);
    }

    /** Reads the pixels scaled to {@code [0, 1]} ({@code u8 / 255}); no randomness. */
    @Override
    public void read(int index, float[] dst, int offset, java.util.random.RandomGenerator rng) {
        int n = shape.size();
        int base = index * n;
        for (int k = 0; k < n; k++) {
            dst[offset + k] = (pixels[base + k] & 0xff) / 255f;
        }
    }
}
