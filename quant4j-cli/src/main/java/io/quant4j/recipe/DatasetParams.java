package io.quant4j.recipe;

import java.nio.file.Path;

/**
 * {@code dataset_params:} of a recipe. The validation set is the dataset's test split.
 *
 * @param dataset {@code fashion_mnist} or {@code mnist}
 * @param dataDir a folder holding the dataset's folder, or null for the usual places
 * @param trainDataloaderParams training loader
 * @param valDataloaderParams validation loader
 * @param calibDataloaderParams calibration loader, or null: the training loader without augmentation
 *     (shuffled when {@code num_calib_batches} is set)
 * @param trainTransforms augmentations of training images
 * @param trainSubset use the first N training images (0: all), for smoke tests
 * @param valSubset use the first N validation images (0: all)
 */
public record DatasetParams(String dataset, Path dataDir, LoaderParams trainDataloaderParams, LoaderParams valDataloaderParams,
                            LoaderParams calibDataloaderParams, TransformParams trainTransforms, int trainSubset, int valSubset) {
    public DatasetParams {
        if (!"fashion_mnist".equals(dataset) && !"mnist".equals(dataset)) {
            throw new IllegalArgumentException("expected dataset fashion_mnist or mnist, found '" + dataset + "'");
        }
        if (trainSubset < 0 || valSubset < 0) {
            throw new IllegalArgumentException("expected train_subset and val_subset >= 0, found " + trainSubset + ", " + valSubset);
        }
        if (trainDataloaderParams == null || valDataloaderParams == null || trainTransforms == null) {
            throw new IllegalArgumentException("expected train and val loader params and train transforms, found null");
        }
    }

    public static DatasetParams defaults() {
        return new DatasetParams("fashion_mnist", null, LoaderParams.defaults(), new LoaderParams(256, false, false), null,
                TransformParams.defaults(), 0, 0);
    }

    public DatasetParams withLoaders(LoaderParams train, LoaderParams val) {
        return new DatasetParams(dataset, dataDir, train, val, calibDataloaderParams, trainTransforms, trainSubset, valSubset);
    }

    public DatasetParams withTrainTransforms(TransformParams t) {
        return new DatasetParams(dataset, dataDir, trainDataloaderParams, valDataloaderParams, calibDataloaderParams, t,
                trainSubset, valSubset);
    }
}
