package io.quant4j.onnx;

import ai.onnxruntime.OrtEnvironment;

/**
 * ONNX Runtime's process-wide environment, created once on a thread of its own with a
 * {@value #STACK_BYTES}-byte stack, then shared by every session.
 *
 * <p>Creating the environment recurses about 12,000 native frames deep in ONNX Runtime 1.29
 * (measured in a core dump: {@code OrtEnvironment.createHandle}), more than a Java thread's default
 * 1 MiB stack holds. Whether the calling thread has more depends on how the JVM was launched (a
 * CLI started as {@code /usr/lib/jvm/.../bin/java} died with SIGSEGV and no error file, the same
 * command started as {@code java} from the PATH did not), so the environment never depends on the
 * caller's stack.
 */
public final class OrtEnv {
    /** The creating thread's stack: 64 MiB, ample for the measured depth. */
    public static final long STACK_BYTES = 64L << 20;

    private static volatile OrtEnvironment env;

    private OrtEnv() {}

    /** The environment (created on first use). */
    public static OrtEnvironment get() {
        OrtEnvironment e = env;
        if (e != null) {
            return e;
        }
        synchronized (OrtEnv.class) {
            if (env == null) {
                env = create();
            }
            return env;
        }
    }

    private static OrtEnvironment create() {
        Object[] out = new Object[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = OrtEnvironment.getEnvironment();
            } catch (RuntimeException | Error x) {
                out[0] = x;
            }
        }, "onnxruntime-environment", STACK_BYTES);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException x) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (out[0] instanceof RuntimeException x) {
            throw x;
        }
        if (out[0] instanceof Error x) {
            throw x;
        }
        return (OrtEnvironment) out[0];
    }
}
