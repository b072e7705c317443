package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks of the files a command reads and writes, before any work: inputs exist and are regular
 * files; outputs are not directories, their folder exists, and no output is one of the command's
 * inputs or another of its outputs (compared as real paths, so links and {@code ..} do not hide
 * it). A command never overwrites what it reads.
 */
final class CliPaths {
    private CliPaths() {}

    /** An input file given by {@code option}: it must exist and be a regular file. */
    static void requireFile(String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new Quant4jException(option + " " + file + " is a directory: expected a file", file.toString(),
                    "Give the path of the file itself.", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new Quant4jException(option + ": no such file", file.toAbsolutePath().toString(),
                    "Check the path (relative paths start at " + Path.of("").toAbsolutePath() + ").", null);
        }
    }

    /**
     * Refuses outputs that would destroy an input or each other.
     *
     * @param inputs option name to path (null paths are skipped)
     * @param outputs option name to path (null paths are skipped)
     */
    static void checkOutputs(Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Map.Entry<String, Path>> seen = new ArrayList<>();
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            Path p = out.getValue();
            if (p == null) {
                continue;
            }
            if (Files.isDirectory(p)) {
                throw new Quant4jException(out.getKey() + " " + p + " is an existing directory: expected a file to write",
                        p.toString(), "Give a file path, e.g. one inside that folder.", null);
            }
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new Quant4jException(out.getKey() + ": the folder " + parent + " does not exist", p.toString(),
                        "Create it first, or write elsewhere.", null);
            }
            Path real = real(p);
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (in.getValue() != null && Files.exists(in.getValue()) && real.equals(real(in.getValue()))) {
                    throw new Quant4jException(out.getKey() + " " + p + " is the same file as " + in.getKey() + " " + in.getValue()
                            + ": writing it would destroy the input", p.toString(), "Write the result to another file.", null);
                }
            }
            for (Map.Entry<String, Path> other : seen) {
                if (real.equals(real(other.getValue()))) {
                    throw new Quant4jException(out.getKey() + " and " + other.getKey() + " name the same file " + p
                            + ": one would overwrite the other", p.toString(), "Give each output its own file.", null);
                }
            }
            seen.add(out);
        }
    }

    /** The real path of an existing file, else its real folder joined with its name. */
    static Path real(Path p) {
        try {
            if (Files.exists(p)) {
                return p.toRealPath();
            }
            Path abs = p.toAbsolutePath().normalize();
            Path parent = abs.getParent();
            return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
