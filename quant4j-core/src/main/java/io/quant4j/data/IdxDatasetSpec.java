package io.quant4j.data;

import java.net.URI;
import java.util.List;

/**
 * Where and how to find an IDX image-classification dataset (MNIST family): its folder name,
 * files with their published checksums, and official download location.
 *
 * @param title display name ({@code Fashion-MNIST})
 * @param dirName folder name under each lookup root ({@code fashion-mnist})
 * @param shape shape of one image
 * @param classNames class names, index = label
 * @param trainImages training images file
 * @param trainLabels training labels file
 * @param testImages test images file
 * @param testLabels test labels file
 * @param officialBase the official download location (a folder URL ending in {@code /})
 * @param debianPackage the Debian package that installs it under {@code /usr/share/datasets}, or null
 */
public record IdxDatasetSpec(String title, String dirName, ImageShape shape, List<String> classNames,
                             DatasetFile trainImages, DatasetFile trainLabels,
                             DatasetFile testImages, DatasetFile testLabels,
                             URI officialBase, String debianPackage) {
    public IdxDatasetSpec {
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("expected at least one class name for " + title);
        }
        if (!officialBase.toString().endsWith("/")) {
            throw new IllegalArgumentException("expected the download base of " + title + " to end with '/', found " + officialBase);
        }
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The four files, training first. */
    public List<DatasetFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** Images file of a split. */
    public DatasetFile images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    /** Labels file of a split. */
    public DatasetFile labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    /** Fashion-MNIST (Zalando Research, MIT licence): 60000 + 10000 grey 28x28 images of 10 clothing classes. */
    public static final IdxDatasetSpec FASHION_MNIST = new IdxDatasetSpec("Fashion-MNIST", "fashion-mnist",
            new ImageShape(1, 28, 28),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            new DatasetFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", null),
            new DatasetFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", null),
            new DatasetFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", null),
            new DatasetFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", null),
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"), "dataset-fashion-mnist");

    /** MNIST handwritten digits: 60000 + 10000 grey 28x28 images (files as torchvision's mirror publishes them). */
    public static final IdxDatasetSpec MNIST = new IdxDatasetSpec("MNIST", "mnist",
            new ImageShape(1, 28, 28),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new DatasetFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", null),
            new DatasetFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", null),
            new DatasetFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", null),
            new DatasetFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", null),
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"), null);
}
