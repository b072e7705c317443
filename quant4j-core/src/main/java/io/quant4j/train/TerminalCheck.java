package io.quant4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Whether a stream a progress display writes to is a terminal, for {@link ProgressMode#AUTO}.
 *
 * <p>Only the process's own {@code System.out} (descriptor 1) and {@code System.err} (descriptor 2)
 * can be terminals; any other {@link PrintStream} (a file, a buffer) is not. On Linux the
 * descriptor's target in {@code /proc/self/fd} tells (a {@code /dev/pts/N}, {@code /dev/ttyX} or
 * {@code /dev/console} is a terminal; a pipe or a file is not). Where {@code /proc} is missing,
 * {@link System#console()} is the only hint Java 17 gives, and it only says that standard input
 * and output are both terminals: it then answers for descriptor 1, and descriptor 2 counts as
 * not a terminal (plain lines are readable anywhere; a bar in a log is not). The check compares
 * stream identity, so a {@code System.setOut} replacement is taken for descriptor 1.
 */
final class TerminalCheck {
    private static final Pattern TTY = Pattern.compile("/dev/(pts/\\d+|tty\\w*|console)");

    private TerminalCheck() {}

    /** True when {@code out} is standard output or error and that descriptor is a terminal. */
    static boolean isTerminal(PrintStream out) {
        if (out == System.out) {
            return descriptorIsTerminal(1);
        }
        if (out == System.err) {
            return descriptorIsTerminal(2);
        }
        return false;
    }

    private static boolean descriptorIsTerminal(int fd) {
        Path proc = Path.of("/proc/self/fd/" + fd);
        if (!Files.isSymbolicLink(proc)) {
            return fd == 1 && System.console() != null;
        }
        try {
            return TTY.matcher(Files.readSymbolicLink(proc).toString()).matches();
        } catch (IOException e) {
            // The link was listed but cannot be read (closed descriptor, restricted /proc): no terminal can be shown to.
            return false;
        }
    }
}
