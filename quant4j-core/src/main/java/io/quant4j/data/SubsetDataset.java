package io.quant4j.data;

/** A view of some examples of another dataset, by index. */
final class SubsetDataset implements Dataset {
    private final Dataset base;
    private final int[] indices;
    private final String name;

    SubsetDataset(Dataset base, int[] indices, String name) {
        this.base = base;
        this.indices = indices;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public ImageShape imageShape() {
        return base.imageShape();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public void copyPixels(int index, byte[] dst, int offset) {
        base.copyPixels(indices[index], dst, offset);
    }
}
