package io.quant4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The peak resident memory of this process: Linux's high-water mark {@code VmHWM} from
 * {@code /proc/self/status}, the figure {@code /usr/bin/time -v} reports as "Maximum resident set
 * size". It counts everything the process touched: the Java heap, native tensors of PyTorch and
 * ONNX Runtime, the allocators' caches and the loaded libraries.
 *
 * <pre>
 *   VmHWM:    853412 kB   ->   873,893,888 bytes
 * </pre>
 *
 * Empty where the kernel does not provide it (not Linux, or {@code /proc} not mounted).
 */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    /** The peak resident set size of this process in bytes, or empty where the OS does not report it. */
    public static OptionalLong peakResidentBytes() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            return parse(Files.readString(STATUS, StandardCharsets.US_ASCII), "VmHWM");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("expected to read " + STATUS + " (peak resident memory), found an error: " + e.getMessage(), e);
        }
    }

    /**
     * The value of a {@code key: N kB} line of a {@code /proc/PID/status} text, in bytes; empty when
     * there is no such line.
     *
     * @throws IllegalArgumentException when the line is there but not {@code N kB}
     */
    public static OptionalLong parse(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String v = line.substring(key.length() + 1).trim();
                if (!v.endsWith(" kB")) {
                    throw new IllegalArgumentException("expected '" + key + ": N kB' in the process status, found '" + line + "'");
                }
                try {
                    return OptionalLong.of(Long.parseLong(v.substring(0, v.length() - 3).trim()) * 1024L);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected '" + key + ": N kB' in the process status, found '" + line + "'", e);
                }
            }
        }
        return OptionalLong.empty();
    }
}
