package io.quant4j.recipe;

import java.nio.file.Path;

/**
 * {@code dataset_params:} of a recipe. The validation set is the dataset's test split.
 *
 * @param dataset {@code fashion_mnist} or {@code mnist}: the data when {@code train}/{@code val} are not given
 * @param dataDir a folder holding the named dataset's folder, or null for the usual places
 * @param train training data: a dataset name, an IDX folder, an image folder (one subfolder per
 *     class) or a {@code .npy}; null: the named dataset's training split
 * @param val validation data (as {@code train}); null: the named dataset's test split
 * @param calib calibration data (as {@code train}; labels not needed); null: the training data
 *     without augmentation
 * @param trainDataloaderParams training loader
 * @param valDataloaderParams validation loader
 * @param calibDataloaderParams calibration loader, or null: the training loader without augmentation
 *     (shuffled when {@code num_calib_batches} is set)
 * @param trainTransforms augmentations of training images
 * @param trainSubset use the first N training images (0: all), for smoke tests
 * @param valSubset use the first N validation images (0: all)
 */
public record DatasetParams(String dataset, Path dataDir, String train, String val, String calib, LoaderParams trainDataloaderParams,
                            LoaderParams valDataloaderParams, LoaderParams calibDataloaderParams, TransformParams trainTransforms,
                            int trainSubset, int valSubset) {
    public DatasetParams {
        if (dataset != null && !"fashion_mnist".equals(dataset) && !"mnist".equals(dataset)) {
            throw new IllegalArgumentException("expected dataset fashion_mnist or mnist (or train and val sources), found '" + dataset + "'");
        }
        if (dataset == null && (train == null || val == null)) {
            throw new IllegalArgumentException("expected a dataset name or both train and val sources, found neither");
        }
        if (trainSubset < 0 || valSubset < 0) {
            throw new IllegalArgumentException("expected train_subset and val_subset >= 0, found " + trainSubset + ", " + valSubset);
        }
        if (trainDataloaderParams == null || valDataloaderParams == null || trainTransforms == null) {
            throw new IllegalArgumentException("expected train and val loader params and train transforms, found null");
        }
    }

    public static DatasetParams defaults() {
        return new DatasetParams("fashion_mnist", null, null, null, null, LoaderParams.defaults(), new LoaderParams(256, false, false),
                null, TransformParams.defaults(), 0, 0);
    }

    public DatasetParams withLoaders(LoaderParams train, LoaderParams val) {
        return new DatasetParams(dataset, dataDir, this.train, this.val, calib, train, val, calibDataloaderParams, trainTransforms,
                trainSubset, valSubset);
    }

    public DatasetParams withTrainTransforms(TransformParams t) {
        return new DatasetParams(dataset, dataDir, train, val, calib, trainDataloaderParams, valDataloaderParams,
                calibDataloaderParams, t, trainSubset, valSubset);
    }
}
