package io.quant4j.train;

/** Seeds derived from a run's seed. */
final class Seeds {
    private Seeds() {}

    /** PyTorch's generator seed at the start of an epoch: SplitMix64 of (seed, epoch), as an int. */
    static long torchSeed(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z & 0x7fffffff);
    }
}
