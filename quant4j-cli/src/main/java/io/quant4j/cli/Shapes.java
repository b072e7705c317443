package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Parses and checks shapes written as {@code 1x1x28x28}. */
public final class Shapes {
    private Shapes() {}

    /** {@code "1x3x224x224"} to {@code [1, 3, 224, 224]}: positive integers, any rank. */
    public static long[] parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        long[] out = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i].trim());
                if (out[i] < 1) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new Quant4jException("cannot read shape '" + text + "': expected positive integers joined by 'x'",
                    "Write it like 1x1x28x28 (N x C x H x W).");
        }
        return out;
    }

    /** A batch shape of the given rank ({@code N x C x H x W} for rank 4), given by {@code option}. */
    static long[] parse(String text, int rank, String option) {
        long[] s = parse(text);
        if (s.length != rank) {
            throw new Quant4jException(option + " '" + text + "': expected " + rank + " dimensions (N x C x H x W), found " + s.length,
                    "command line", "Write it like 1x1x28x28.", null);
        }
        return s;
    }

    /** A sample shape without the batch dimension ({@code C x H x W}), given by {@code option}. */
    static long[] parseSample(String text, String option) {
        try {
            return parse(text);
        } catch (Quant4jException e) {
            throw new Quant4jException(option + ": cannot read shape '" + text + "': expected positive integers joined by 'x'",
                    "command line", "Write the shape of one sample without the batch, like 1x28x28 (C x H x W).", null);
        }
    }

    /**
     * Refuses a float32 tensor of {@code shape} that cannot be allocated: more elements than a
     * long holds, or more bytes than the machine's memory; the message says how much it needs.
     */
    static void requireAllocatable(long[] shape, String option) {
        double bytes = 4;
        for (long d : shape) {
            bytes *= d;
        }
        long physical = physicalMemory();
        if (bytes > Long.MAX_VALUE / 2 || physical > 0 && bytes > physical) {
            throw new Quant4jException(String.format(Locale.ROOT, "%s: one float32 tensor of this shape needs %s, the machine has %s",
                    option, bytesText(bytes), physical > 0 ? bytesText(physical) : "less"), "command line",
                    "Give a smaller shape (N x C x H x W), e.g. 1x1x28x28.", null);
        }
    }

    private static String bytesText(double b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", b, units[u]);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
