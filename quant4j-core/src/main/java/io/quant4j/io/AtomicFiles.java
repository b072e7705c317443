package io.quant4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes files atomically: the content goes to a temporary file in the same directory, is
 * flushed to disk, then renamed over the target. A crash leaves the old file or the new one,
 * never a partial one; a failed write leaves no temporary file behind.
 *
 * <p>Permissions: the written file gets the permissions of any newly created file of the process
 * (on POSIX systems {@code 0666} less the umask, typically {@code 0644}), exactly as
 * {@link Files#newOutputStream} would give. The temporary file is therefore not made with
 * {@link Files#createTempFile} (always {@code 0600}) but opened with {@code CREATE_NEW} under a
 * random name and no permission attributes, so the operating system applies the umask. A file
 * that is replaced does not pass its own permissions on: the result is always a new file with
 * the process's default permissions, whoever wrote the old one.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NAME_ATTEMPTS = 100;

    private AtomicFiles() {}

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with the given content writer. Whatever the writer throws
     * (an {@link IOException} or an unchecked exception, e.g. a checksum mismatch found after the
     * last byte) leaves {@code target} untouched and removes the temporary file.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = null;
        boolean done = false;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                tmp = tempName(abs);
                try {
                    channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    tmp = null;
                    if (attempt + 1 >= NAME_ATTEMPTS) {
                        throw new IOException("cannot create a temporary file beside " + abs + ": " + NAME_ATTEMPTS
                                + " random names were all taken; remove stale ." + abs.getFileName() + ".*.tmp files", e);
                    }
                } catch (IOException e) {
                    tmp = null;
                    String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied in " + dir
                            : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    throw new IOException("cannot write " + abs + " (" + why + ")", e);
                }
            }
            try (FileChannel ch = channel;
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done && tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Writes a string (UTF-8) atomically. */
    public static void writeString(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** {@code .NAME.RANDOM.tmp} beside the target: hidden, and named after what it becomes. */
    private static Path tempName(Path abs) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return abs.resolveSibling("." + abs.getFileName() + "." + HexFormat.of().formatHex(id) + ".tmp");
    }
}
