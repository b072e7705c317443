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
    public long[] sampleShape() {
        return base.sampleShape();
    }

    @Override
    public boolean labelled() {
        return base.labelled();
    }

    @Override
    public java.util.List<String> classNames() {
        return base.classNames();
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
    public void read(int index, float[] dst, int offset, java.util.random.RandomGenerator rng) {
        base.read(indices[index], dst, offset, rng);
    }
}
