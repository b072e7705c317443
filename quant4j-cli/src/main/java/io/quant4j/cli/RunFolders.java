package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import io.quant4j.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/** Run folders: {@code <run_root>/<experiment_name>/<yyyyMMdd-HHmmss>}; resume picks the newest. */
final class RunFolders {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolders() {}

    /** The folder of this run: explicit, the newest one to resume, or a new timestamped one. */
    static Path choose(Path explicit, Path runRoot, String experiment, boolean resume) {
        if (explicit != null) {
            if (Files.exists(explicit) && !Files.isDirectory(explicit)) {
                throw new Quant4jException("--run-dir " + explicit + " is a file: expected a run folder", explicit.toString(),
                        "Give a folder (it is created when missing).", null);
            }
            if (resume && !holdsFiles(explicit)) {
                throw new Quant4jException("nothing to resume: " + (Files.isDirectory(explicit) ? "the run folder is empty"
                        : "the run folder does not exist"), explicit.toString(),
                        "Give --run-dir of an interrupted run, or start without --resume.", null);
            }
            return explicit;
        }
        Path parent = runRoot.resolve(experiment);
        if (resume) {
            try (Stream<Path> s = Files.isDirectory(parent) ? Files.list(parent) : Stream.empty()) {
                return s.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()))
                        .orElseThrow(() -> new Quant4jException("nothing to resume: no run folder under " + parent,
                                "Start without --resume, or give --run-dir of the run to continue."));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path p = parent.resolve(LocalDateTime.now().format(STAMP));
        for (int i = 1; Files.exists(p); i++) {
            p = parent.resolve(LocalDateTime.now().format(STAMP) + "-" + i);
        }
        return p;
    }

    private static boolean holdsFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a text file in the run folder atomically. */
    static void write(Path runDir, String name, String text) throws IOException {
        Files.createDirectories(runDir);
        AtomicFiles.writeString(runDir.resolve(name), text);
    }
}
