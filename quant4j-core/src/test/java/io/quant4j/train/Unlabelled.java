package io.quant4j.train;

import io.quant4j.data.Dataset;
import java.util.random.RandomGenerator;

/** A dataset's images without its labels, as an unlabelled image folder gives them. */
record Unlabelled(Dataset images) implements Dataset {
    @Override
    public String name() {
        return images.name() + " (unlabelled)";
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public long[] sampleShape() {
        return images.sampleShape();
    }

    @Override
    public boolean labelled() {
        return false;
    }

    @Override
    public int numClasses() {
        return 0;
    }

    @Override
    public int label(int index) {
        throw new IllegalStateException("unlabelled");
    }

    @Override
    public void read(int index, float[] dst, int offset, RandomGenerator rng) {
        images.read(index, dst, offset, rng);
    }
}
