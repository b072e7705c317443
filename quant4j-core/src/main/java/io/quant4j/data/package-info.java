/**
 * Data for training and calibration: the IDX reader (MNIST, Fashion-MNIST), dataset lookup and
 * checked download, in-memory {@link io.quant4j.data.Dataset}s, transforms on plain Java arrays,
 * and the {@link io.quant4j.data.DataLoader} that batches, shuffles (seeded) and prefetches on a
 * worker thread. Tensors are created only by {@link io.quant4j.data.Batch#images()} and
 * {@link io.quant4j.data.Batch#labels()}, in the caller's current {@link io.quant4j.tensor.Scope}.
 */
package io.quant4j.data;
