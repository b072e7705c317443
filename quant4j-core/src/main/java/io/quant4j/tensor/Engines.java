package io.quant4j.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Loads the PyTorch engine offline and owns the long-lived root {@link NDManager}.
 *
 * <p>Offline mode ({@code ai.djl.offline=true}) is forced before the engine loads: the natives come
 * from the {@code pytorch-native-cpu} jar on the class path and nothing is downloaded.
 * Thread count: {@code -Dquant4j.threads=N} (default: PyTorch's default, one per core).
 */
public final class Engines {
    private static volatile NDManager root;

    private Engines() {}

    /** The PyTorch engine, loaded on first use with offline mode forced. */
    public static Engine engine() {
        return Holder.ENGINE;
    }

    /** The manager that owns parameters, buffers and other long-lived arrays. */
    public static NDManager root() {
        NDManager r = root;
        if (r == null) {
            synchronized (Engines.class) {
                r = root;
                if (r == null) {
                    r = engine().newBaseManager();
                    root = r;
                }
            }
        }
        return r;
    }

    /** Sets the seed of PyTorch's random generators (dropout, random init). */
    public static void seed(long seed) {
        engine().setRandomSeed((int) seed);
    }

    /** Number of intra-op threads PyTorch uses. */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** Sets the number of intra-op threads. */
    public static void threads(int n) {
        engine();
        JniUtils.setNumThreads(n);
    }

    private static final class Holder {
        static final Engine ENGINE = load();

        private static Engine load() {
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("ai.djl.default_engine", "PyTorch");
            Engine e = Engine.getEngine("PyTorch");
            Integer threads = Integer.getInteger("quant4j.threads");
            if (threads != null && threads > 0) {
                JniUtils.setNumThreads(threads);
            }
            return e;
        }
    }
}
