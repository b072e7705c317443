package io.quant4j.recipe;

/**
 * A data loader's settings ({@code train_dataloader_params}, ...).
 *
 * @param batchSize examples per batch
 * @param shuffle seeded shuffle each epoch
 * @param dropLast drop a last partial batch
 */
public record LoaderParams(int batchSize, boolean shuffle, boolean dropLast) {
    public LoaderParams {
        if (batchSize < 1) {
            throw new IllegalArgumentException("expected batch_size >= 1, found " + batchSize);
        }
    }

    public static LoaderParams defaults() {
        return new LoaderParams(128, true, false);
    }

    public LoaderParams withBatchSize(int n) {
        return new LoaderParams(n, shuffle, dropLast);
    }
}
