package io.quant4j.data;

import io.quant4j.data.image.ColorMode;
import io.quant4j.data.image.Image8;
import io.quant4j.data.image.ImageDecodeException;
import io.quant4j.data.image.ImageDecoder;
import io.quant4j.data.image.ImageTransform;
import io.quant4j.data.image.ToTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * A folder of image files, decoded and preprocessed per read as torchvision does it:
 * {@code pil_loader} (RGB, or grey for 1-channel models), the spec's {@link ImagePreprocessing}
 * pipeline, then {@code ToTensor} ({@code C x H x W} in {@code [0, 1]}, channels in the spec's
 * {@link ChannelOrder}); the loader normalizes.
 *
 * <p>{@link #labelled} reads torchvision's {@code ImageFolder} layout, {@code root/<class>/.../<image>}:
 * classes are the subfolders sorted by name, labels their indices, files sorted by path. An
 * {@link #unlabelled} folder serves calibration: every image below it, nested folders included.
 *
 * <p>Bad images: an image that cannot be decoded is an {@link ImageDecodeException} naming the file
 * when read; with {@code skipBadImages} every image is decoded once when the dataset opens (on all
 * cores) and the bad ones are left out and listed in {@link #skipped()}. An image whose size the
 * pipeline does not bring to the model's input (no resize/crop in the spec and another size) is a
 * {@link DataSourceException} naming it; the first image is checked when the dataset opens.
 */
public final class ImageFolderDataset implements Dataset {
    private final String name;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classes;
    private final ColorMode mode;
    private final ImageTransform pipeline;
    private final ImageShape shape;
    private final List<SkippedImage> skipped;
    private final boolean bgr;

    /**
     * A file left out of a dataset opened with {@code skipBadImages}.
     *
     * @param file the image
     * @param reason why it cannot be read
     */
    public record SkippedImage(Path file, String reason) {}

    private ImageFolderDataset(String name, List<Path> files, int[] labels, List<String> classes, InputSpec spec,
            Augmentation augmentation, boolean skipBadImages) {
        this.name = name;
        this.classes = List.copyOf(classes);
        this.mode = spec.channels() == 1 ? ColorMode.L : ColorMode.RGB;
        this.bgr = spec.channels() == 3 && spec.channelOrder() == ChannelOrder.BGR;
        this.pipeline = ImagePreprocessing.pipeline(spec, augmentation);
        long[] s = spec.shape();
        this.shape = new ImageShape((int) s[0], (int) s[1], (int) s[2]);
        List<SkippedImage> bad = skipBadImages ? findBad(files) : List.of();
        if (bad.isEmpty()) {
            this.files = List.copyOf(files);
            this.labels = labels;
        } else {
            List<Path> keep = new ArrayList<>();
            List<Integer> keepLabels = new ArrayList<>();
            Set<Path> badFiles = new HashSet<>();
            bad.forEach(b -> badFiles.add(b.file()));
            for (int i = 0; i < files.size(); i++) {
                if (!badFiles.contains(files.get(i))) {
                    keep.add(files.get(i));
                    keepLabels.add(labels == null ? 0 : labels[i]);
                }
            }
            if (keep.isEmpty()) {
                throw new DataSourceException("no image of the folder decodes (" + bad.size() + " skipped, first: "
                        + bad.get(0).file() + ": " + bad.get(0).reason() + ")", name, "Check that the folder holds PNG, JPEG, BMP or GIF images.");
            }
            this.files = List.copyOf(keep);
            this.labels = labels == null ? null : keepLabels.stream().mapToInt(Integer::intValue).toArray();
        }
        this.skipped = List.copyOf(bad);
        read(0, new float[shape.size()], 0, new SplittableRandom(0));
    }

    /**
     * A folder with one subfolder per class.
     *
     * @throws DataSourceException for a folder without class subfolders, an empty class or no images
     */
    public static ImageFolderDataset labelled(Path root, InputSpec spec, Augmentation augmentation, boolean skipBadImages) {
        ImageFolderScan scan = ImageFolderScan.labelled(root);
        return new ImageFolderDataset(root.toString(), scan.files(), scan.labels(), scan.classes(), spec, augmentation, skipBadImages);
    }

    /**
     * Every image below {@code root}, without labels.
     *
     * @throws DataSourceException for a folder without images
     */
    public static ImageFolderDataset unlabelled(Path root, InputSpec spec, Augmentation augmentation, boolean skipBadImages) {
        ImageFolderScan scan = ImageFolderScan.unlabelled(root);
        return new ImageFolderDataset(root.toString(), scan.files(), null, List.of(), spec, augmentation, skipBadImages);
    }

    private List<SkippedImage> findBad(List<Path> all) {
        return IntStream.range(0, all.size()).parallel().mapToObj(i -> {
            try {
                ImageDecoder.decode(all.get(i), mode);
                return null;
            } catch (ImageDecodeException e) {
                return new SkippedImage(all.get(i), e.getMessage());
            }
        }).filter(Objects::nonNull).toList();
    }

    /** The images left out because they do not decode (empty unless opened with {@code skipBadImages}). */
    public List<SkippedImage> skipped() {
        return skipped;
    }

    /** The image file of example {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public long[] sampleShape() {
        return new long[] {shape.channels(), shape.height(), shape.width()};
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public int numClasses() {
        return classes.size();
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public int label(int index) {
        if (labels == null) {
            throw new IllegalStateException(name + " is an unlabelled image folder (no class subfolders)");
        }
        return labels[index];
    }

    @Override
    public void read(int index, float[] dst, int offset, RandomGenerator rng) {
        Path file = files.get(index);
        Image8 decoded;
        try {
            decoded = ImageDecoder.decode(file, mode);
        } catch (ImageDecodeException e) {
            throw new ImageDecodeException(e.problem(), file.toString(), e.hint() + "; or skip undecodable images (CLI:"
                    + " --skip-bad-images, Java: skipBadImages), which leaves them out and counts them", e);
        }
        Image8 image = pipeline.apply(decoded, rng);
        if (image.height() != shape.height() || image.width() != shape.width()) {
            throw new DataSourceException("the image becomes " + image.height() + "x" + image.width() + " after preprocessing ("
                    + pipeline + "), the model takes " + shape.height() + "x" + shape.width(), file.toString(),
                    "Resize the images to " + shape.height() + "x" + shape.width()
                            + ", or give the model an input spec with a resize and center crop.");
        }
        ToTensor.write(image, dst, offset);
        if (bgr) {
            int plane = shape.height() * shape.width();
            for (int i = 0; i < plane; i++) {
                float r = dst[offset + i];
                dst[offset + i] = dst[offset + 2 * plane + i];
                dst[offset + 2 * plane + i] = r;
            }
        }
    }

    @Override
    public String toString() {
        return "ImageFolderDataset[" + name + ", " + files.size() + " images" + (labels != null ? ", " + classes.size() + " classes" : "")
                + ", " + shape + "]" + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)");
    }
}
