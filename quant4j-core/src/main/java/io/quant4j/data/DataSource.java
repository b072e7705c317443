package io.quant4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where examples come from, as a user names it ({@code --data}, {@code --calib-data}, recipe
 * {@code dataset_params.train/val/calib}): a dataset name, a folder of IDX files, a folder of
 * images (one subfolder per class, torchvision's {@code ImageFolder} layout, or unlabelled and
 * possibly nested), or a {@code .npy} file of preprocessed inputs ({@code N} first) with labels in
 * {@code <name>.labels.npy} beside it when present.
 */
public sealed interface DataSource {
    /** File name endings of images a folder source reads. */
    List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** A dataset the project knows by name ({@code fashion_mnist}, {@code mnist}), located the usual way. */
    record Named(IdxDatasetSpec spec) implements DataSource {}

    /** A folder holding the four IDX files of an MNIST-family dataset. */
    record IdxFolder(Path dir) implements DataSource {}

    /** A folder with one subfolder per class (classes sorted by folder name). */
    record ImageFolder(Path dir) implements DataSource {}

    /** A folder of images without classes (calibration only); nested folders allowed. */
    record UnlabelledFolder(Path dir) implements DataSource {}

    /** A {@code .npy} of preprocessed inputs, {@code N} first, with optional labels. */
    record Npy(Path data, Path labels) implements DataSource {}

    /**
     * Parses a source as the user wrote it.
     *
     * @throws DataSourceException naming the path and the forms accepted
     */
    static DataSource parse(String text) {
        String t = text.trim();
        String name = t.toLowerCase(Locale.ROOT).replace('-', '_');
        if (name.equals("fashion_mnist")) {
            return new Named(IdxDatasetSpec.FASHION_MNIST);
        }
        if (name.equals("mnist")) {
            return new Named(IdxDatasetSpec.MNIST);
        }
        Path p = Path.of(t);
        if (Files.isRegularFile(p) && t.toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Path labels = p.resolveSibling(p.getFileName().toString().replaceAll("(?i)\\.npy$", "") + ".labels.npy");
            return new Npy(p, Files.isRegularFile(labels) ? labels : null);
        }
        if (!Files.isDirectory(p)) {
            throw new DataSourceException("no such data source: expected a dataset name (fashion_mnist, mnist), a folder or a .npy"
                    + " file, found " + (Files.exists(p) ? "a file that is not .npy" : "nothing at that path"), p.toAbsolutePath().toString(),
                    "Give a folder of images (one subfolder per class), a folder of IDX files, or a .npy of preprocessed inputs.");
        }
        if (holdsIdx(p)) {
            return new IdxFolder(p);
        }
        for (IdxDatasetSpec s : List.of(IdxDatasetSpec.FASHION_MNIST, IdxDatasetSpec.MNIST)) {
            if (holdsIdx(p.resolve(s.dirName()))) {
                return new IdxFolder(p.resolve(s.dirName()));
            }
        }
        try (Stream<Path> top = Files.list(p)) {
            List<Path> entries = top.filter(e -> !e.getFileName().toString().startsWith(".")).toList();
            boolean topImages = entries.stream().anyMatch(DataSource::isImage);
            boolean subfolders = entries.stream().anyMatch(Files::isDirectory);
            if (!topImages && subfolders) {
                return new ImageFolder(p);
            }
            return new UnlabelledFolder(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
        }
    }

    /** Whether a path names an image file by its ending. */
    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && IMAGE_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    private static boolean holdsIdx(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (DatasetFile f : IdxDatasetSpec.FASHION_MNIST.files()) {
            if (DatasetLocator.find(dir, f) != null) {
                return true;
            }
        }
        return false;
    }

    /** How the user would write this source (for messages and recipes). */
    default String describe() {
        if (this instanceof Named n) {
            return n.spec().dirName().replace('-', '_');
        }
        if (this instanceof IdxFolder f) {
            return f.dir().toString();
        }
        if (this instanceof ImageFolder f) {
            return f.dir().toString();
        }
        if (this instanceof UnlabelledFolder f) {
            return f.dir().toString();
        }
        return ((Npy) this).data().toString();
    }
}
