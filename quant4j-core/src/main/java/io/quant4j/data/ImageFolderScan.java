package io.quant4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of an image folder in torchvision's order: classes are the subfolders of the root
 * sorted by name ({@code find_classes}), and within a class the images below it sorted by folder,
 * then by name ({@code sorted(os.walk(...))}, {@code sorted(fnames)}); names starting with a dot
 * are ignored; symbolic links are followed.
 *
 * @param files the images
 * @param labels the class index of each image, or null for an unlabelled folder
 * @param classes class names by index (empty for an unlabelled folder)
 */
record ImageFolderScan(List<Path> files, int[] labels, List<String> classes) {
    private static final Comparator<Path> TORCHVISION_ORDER = Comparator.comparing((Path p) -> p.getParent().toString())
            .thenComparing(p -> p.getFileName().toString());

    static ImageFolderScan labelled(Path root) {
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory)
                .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        if (classDirs.isEmpty()) {
            throw new DataSourceException("expected one subfolder per class, found none", root.toString(),
                    "Arrange the images as ROOT/<class>/<image> (torchvision's ImageFolder layout), or use the folder for calibration only.");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = images(dir);
            if (images.isEmpty()) {
                throw new DataSourceException("expected images (" + String.join(", ", DataSource.IMAGE_SUFFIXES) + ") in every class folder, found"
                        + " none in class '" + dir.getFileName() + "'", dir.toString(),
                        "Remove the empty class folder, or add its images; the model's classes are the sorted folder names.");
            }
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        return new ImageFolderScan(files, labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    static ImageFolderScan unlabelled(Path root) {
        List<Path> files = images(root);
        if (files.isEmpty()) {
            throw new DataSourceException("expected images (" + String.join(", ", DataSource.IMAGE_SUFFIXES) + "), found none in the folder"
                    + " or below it", root.toString(), "Give a folder that holds images.");
        }
        return new ImageFolderScan(files, null, List.of());
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> images(Path dir) {
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(p -> !hidden(dir, p) && DataSource.isImage(p)).sorted(TORCHVISION_ORDER).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
