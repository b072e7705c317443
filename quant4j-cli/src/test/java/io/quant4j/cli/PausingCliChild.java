package io.quant4j.cli;

import io.quant4j.nn.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The CLI in its own JVM, for tests that kill it mid-run: {@code PausingCliChild WHEN MARKER ARGS...}
 * runs {@code quant4j ARGS...}, and at the first training-mode forward of a whole model after the
 * file {@code WHEN} exists it creates {@code MARKER} and sleeps until it is killed. A test can so
 * wait for {@code MARKER} and kill the child exactly where it wants, however fast or slow the
 * machine is. It watches forwards with {@link Module#listen} on the CLI's thread and changes
 * nothing else; production code has no hook for it.
 */
public final class PausingCliChild {
    private PausingCliChild() {}

    public static void main(String[] args) throws Exception {
        Path when = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        try (AutoCloseable watch = Module.listen((path, module, in, out) -> {
            if (path.isEmpty() && module.isTraining() && Files.exists(when)) {
                pause(marker);
            }
        })) {
            System.exit(Main.run(Arrays.copyOfRange(args, 2, args.length)));
        }
    }

    private static void pause(Path marker) {
        System.out.println("paused: waiting to be killed");
        System.out.flush();
        try {
            Files.createFile(marker);
            while (true) {
                Thread.sleep(60_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused", e);
        }
    }
}
