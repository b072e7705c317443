package io.quant4j.onnx.compare;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OnnxRuntimeException;
import io.quant4j.onnx.OrtEnv;
import io.quant4j.onnx.OrtOptions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an ONNX file with ONNX Runtime's profiler on ({@code SessionOptions.enableProfiling}), the
 * session otherwise set up as {@link io.quant4j.onnx.OrtRunner}'s (threads, optimization level,
 * CPU), and summarizes the trace as an {@link OrtProfile}: {@code warmup} untimed runs (left out
 * of the summary), then {@code runs} profiled ones on the same input. Profiling adds a little time
 * per node, so use {@link io.quant4j.onnx.OrtBench} for speed and this for where the time goes.
 */
public final class OrtProfiler {
    private OrtProfiler() {}

    /**
     * Profiles {@code model} on {@code input}, writing the trace into {@code dir} as
     * {@code <prefix>_<timestamp>.json}.
     */
    public static OrtProfile profile(Path model, ImageBatch input, OrtOptions options, int warmup, int runs, Path dir, String prefix) {
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("expected warmup >= 0 and runs >= 1, found " + warmup + ", " + runs);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OrtProfileException("cannot create the trace folder (" + e.getMessage() + ")", dir.toString(), e);
        }
        OrtEnvironment env = OrtEnv.get();
        String trace;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(options.optLevel());
            so.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            so.enableProfiling(dir.resolve(prefix).toAbsolutePath().toString());
            try (OrtSession s = env.createSession(model.toString(), so);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), input.shape())) {
                String name = s.getInputNames().iterator().next();
                for (int i = 0; i < warmup + runs; i++) {
                    try (OrtSession.Result r = s.run(Map.of(name, x))) {
                        r.size();
                    }
                }
                trace = s.endProfiling();
            }
        } catch (OrtException e) {
            throw new OnnxRuntimeException(model.toString(), "ONNX Runtime failed while profiling on an input of shape "
                    + java.util.Arrays.toString(input.shape()), e);
        }
        Path file = Path.of(trace);
        return OrtProfile.read(file.isAbsolute() ? file : dir.resolve(file.getFileName()), warmup);
    }
}
