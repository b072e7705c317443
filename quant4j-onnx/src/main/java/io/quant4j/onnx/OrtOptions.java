package io.quant4j.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.file.Path;

/**
 * ONNX Runtime session settings (CPU).
 *
 * @param intraOpThreads intra-op threads (default 2)
 * @param optLevel graph optimization level (default ALL: it is what forms the integer kernels)
 * @param optimizedModelPath where ORT writes its optimized graph (to see which kernels it formed), or null
 */
public record OrtOptions(int intraOpThreads, OptLevel optLevel, Path optimizedModelPath) {
    public OrtOptions {
        if (intraOpThreads < 1 || optLevel == null) {
            throw new IllegalArgumentException("expected intraOpThreads >= 1 and an optimization level, found "
                    + intraOpThreads + ", " + optLevel);
        }
    }

    /** 2 threads, all optimizations. */
    public static OrtOptions defaults() {
        return new OrtOptions(2, OptLevel.ALL_OPT, null);
    }

    public OrtOptions withThreads(int n) {
        return new OrtOptions(n, optLevel, optimizedModelPath);
    }

    public OrtOptions withOptimizedModelPath(Path p) {
        return new OrtOptions(intraOpThreads, optLevel, p);
    }
}
