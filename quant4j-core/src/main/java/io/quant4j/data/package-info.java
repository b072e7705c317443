/**
 * Data for evaluation, calibration and training: one {@link io.quant4j.data.Dataset} interface for
 * every {@link io.quant4j.data.DataSource} (a named IDX dataset, an IDX folder, an image folder
 * with one subfolder per class, an unlabelled image folder, a {@code .npy} of preprocessed inputs),
 * opened by {@link io.quant4j.data.DataSources} for a model's {@link io.quant4j.data.InputSpec}
 * (shape, resize, crop, mean/std, class names), which travels with the model. Also the IDX reader,
 * dataset lookup and checked download, transforms on plain Java arrays, and the
 * {@link io.quant4j.data.DataLoader} that batches, shuffles (seeded), reads examples on worker
 * threads and prefetches. Images are decoded and transformed in {@link io.quant4j.data.image},
 * arrays read in {@link io.quant4j.data.npy}. Tensors are created only by
 * {@link io.quant4j.data.Batch#images()} and {@link io.quant4j.data.Batch#labels()}, in the
 * caller's current {@link io.quant4j.tensor.Scope}.
 */
package io.quant4j.data;
