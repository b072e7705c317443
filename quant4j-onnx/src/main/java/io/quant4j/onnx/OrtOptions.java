package io.quant4j.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.file.Path;

/**
 * ONNX Runtime session settings (CPU).
 *
 * @param intraOpThreads intra-op threads (default 2)
 * @param optLevel graph optimization level (default ALL: it is what forms the integer kernels)
 * @param optimizedModelPath where ORT writes its optimized graph (to see which kernels it formed), or null
 * @param memoryArena ORT's CPU memory arena and memory-pattern planning, as ORT's own defaults have
 *     them (what speed figures use, {@link #forSpeed()}); off by default: the arena keeps the
 *     memory of the largest batch a session ever ran until the session closes, and grows in
 *     power-of-two chunks (on resnet_fmnist's {@code ptq --export}, verification and the
 *     10,000-image evaluation, peak RSS 953 MB with it, 828 MB without)
 */
public record OrtOptions(int intraOpThreads, OptLevel optLevel, Path optimizedModelPath, boolean memoryArena) {
    public OrtOptions {
        if (intraOpThreads < 1 || optLevel == null) {
            throw new IllegalArgumentException("expected intraOpThreads >= 1 and an optimization level, found "
                    + intraOpThreads + ", " + optLevel);
        }
    }

    /** 2 threads, all optimizations, no memory arena. */
    public static OrtOptions defaults() {
        return new OrtOptions(2, OptLevel.ALL_OPT, null, false);
    }

    public OrtOptions withThreads(int n) {
        return new OrtOptions(n, optLevel, optimizedModelPath, memoryArena);
    }

    public OrtOptions withOptimizedModelPath(Path p) {
        return new OrtOptions(intraOpThreads, optLevel, p, memoryArena);
    }

    /** With ORT's memory arena and memory patterns, as ORT's defaults (and the peers' sessions) have them: for speed figures. */
    public OrtOptions forSpeed() {
        return new OrtOptions(intraOpThreads, optLevel, optimizedModelPath, true);
    }
}
