package io.quant4j.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One ONNX Runtime CPU session over a model with one float input; {@link #run} returns its first
 * output, a float tensor. A session opened with {@link #openAny} also takes models with several
 * inputs of any numeric type, run by {@link #runAll} (named {@link OrtTensorValue}s in, every
 * output out).
 *
 * <pre>{@code
 * try (OrtRunner r = OrtRunner.open(Path.of("model.onnx"), OrtOptions.defaults())) {
 *     OrtRunner.Output y = r.run(images, 32, 1, 28, 28);     // y.shape() = [32, 10]
 * }
 * double acc = OrtRunner.evaluate(Path.of("model.onnx"), batches, OrtOptions.defaults()).accuracy();
 * }</pre>
 */
public final class OrtRunner implements AutoCloseable {
    /** A float output and its shape. */
    public record Output(float[] values, long[] shape) {}

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String where;

    private OrtRunner(OrtSession session, String where) throws OrtException {
        this(session, where, false);
    }

    private OrtRunner(OrtSession session, String where, boolean anyInputs) throws OrtException {
        this.env = OrtEnv.get();
        this.session = session;
        this.where = where;
        long inputs = session.getNumInputs();
        long outputs = session.getNumOutputs();
        if (!anyInputs && inputs != 1 || outputs < 1) {
            session.close();
            throw new OnnxRuntimeException(where, "expected a model with " + (anyInputs ? "" : "one input and ")
                    + "an output, found " + inputs + " inputs and " + outputs + " outputs", null);
        }
        this.inputName = session.getNumInputs() > 0 ? session.getInputNames().iterator().next() : null;
    }

    /** Opens a session on a file. */
    public static OrtRunner open(Path file, OrtOptions options) {
        if (Files.isDirectory(file)) {
            throw new OnnxRuntimeException(file.toString(), "a directory, not an ONNX file", "Give the path of the .onnx file.", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new OnnxRuntimeException(file.toString(), "no such ONNX file", "Check the path.", null);
        }
        try (OrtSession.SessionOptions so = sessionOptions(options)) {
            return new OrtRunner(OrtEnv.get().createSession(file.toString(), so), file.toString());
        } catch (OrtException e) {
            throw new OnnxRuntimeException(file.toString(), "ONNX Runtime cannot load the model", e);
        }
    }

    /** Opens a session on serialized model bytes. */
    public static OrtRunner open(byte[] model, OrtOptions options) {
        try (OrtSession.SessionOptions so = sessionOptions(options)) {
            return new OrtRunner(OrtEnv.get().createSession(model, so), "<in-memory model>");
        } catch (OrtException e) {
            throw new OnnxRuntimeException("<in-memory model>", "ONNX Runtime cannot load the model", e);
        }
    }

    /**
     * Opens a session on serialized model bytes with any number of inputs, of any numeric type,
     * for {@link #runAll} ({@link #run} still expects the first input to be the only one).
     */
    public static OrtRunner openAny(byte[] model, OrtOptions options) {
        try (OrtSession.SessionOptions so = sessionOptions(options)) {
            return new OrtRunner(OrtEnv.get().createSession(model, so), "<in-memory model>", true);
        } catch (OrtException e) {
            throw new OnnxRuntimeException("<in-memory model>", "ONNX Runtime cannot load the model", e);
        }
    }

    /** The model's input names, in order. */
    public java.util.List<String> inputNames() {
        return java.util.List.copyOf(session.getInputNames());
    }

    /**
     * Runs named inputs of any numeric or boolean type and returns every output, in the model's
     * order (each as {@link OrtTensorValue}: exact doubles, with the ORT type and shape).
     */
    public java.util.LinkedHashMap<String, OrtTensorValue> runAll(Map<String, OrtTensorValue> inputs) {
        java.util.Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
        try {
            for (Map.Entry<String, OrtTensorValue> e : inputs.entrySet()) {
                feed.put(e.getKey(), e.getValue().toOrt(env));
            }
            java.util.LinkedHashMap<String, OrtTensorValue> out = new java.util.LinkedHashMap<>();
            try (OrtSession.Result r = session.run(feed)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    if (!(e.getValue() instanceof OnnxTensor t)) {
                        throw new OnnxRuntimeException(where, "expected a tensor output " + e.getKey() + ", found "
                                + e.getValue().getInfo(), null);
                    }
                    out.put(e.getKey(), OrtTensorValue.of(t));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new OnnxRuntimeException(where, "ONNX Runtime failed on inputs " + inputs, e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    static OrtSession.SessionOptions sessionOptions(OrtOptions o) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(o.intraOpThreads());
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(o.optLevel());
        so.setCPUArenaAllocator(o.memoryArena());
        so.setMemoryPatternOptimization(o.memoryArena());
        // errors only: third-party files (e.g. paddle2onnx's) make ORT print one warning per unused initializer
        so.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        if (o.optimizedModelPath() != null) {
            so.setOptimizedModelFilePath(o.optimizedModelPath().toString());
        }
        return so;
    }

    /** Runs one batch: {@code data} row-major with the given shape; returns the first output. */
    public Output run(float[] data, long... shape) {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
            return run(in);
        } catch (OrtException e) {
            throw new OnnxRuntimeException(where, "ONNX Runtime failed on an input of shape " + java.util.Arrays.toString(shape), e);
        }
    }

    /** Runs one prepared input tensor (benchmarks reuse it). */
    Output run(OnnxTensor in) throws OrtException {
        try (OrtSession.Result r = session.run(Map.of(inputName, in))) {
            OnnxValue v = r.get(0);
            if (!(v instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                throw new OnnxRuntimeException(where, "expected a float tensor output, found " + v.getInfo(), null);
            }
            FloatBuffer fb = t.getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return new Output(out, t.getInfo().getShape());
        }
    }

    /**
     * Runs one batch and returns the named outputs as floats (8-bit integer outputs as their
     * integer values, uint8 read unsigned), in the order asked.
     */
    java.util.LinkedHashMap<String, Output> runOutputs(float[] data, long[] shape, java.util.List<String> names) {
        java.util.LinkedHashMap<String, Output> out = new java.util.LinkedHashMap<>();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result r = session.run(Map.of(inputName, in), new java.util.LinkedHashSet<>(names))) {
            for (String n : names) {
                OnnxValue v = r.get(n).orElseThrow(() -> new OnnxRuntimeException(where, "no output named " + n, null));
                if (!(v instanceof OnnxTensor t)) {
                    throw new OnnxRuntimeException(where, "expected a tensor output " + n + ", found " + v.getInfo(), null);
                }
                out.put(n, new Output(floats(t, n), t.getInfo().getShape()));
            }
        } catch (OrtException e) {
            throw new OnnxRuntimeException(where, "ONNX Runtime failed on an input of shape " + java.util.Arrays.toString(shape), e);
        }
        return out;
    }

    private float[] floats(OnnxTensor t, String name) {
        switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer fb = t.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                return v;
            }
            case UINT8, INT8 -> {
                java.nio.ByteBuffer bb = t.getByteBuffer();
                boolean unsigned = t.getInfo().type == ai.onnxruntime.OnnxJavaType.UINT8;
                float[] v = new float[bb.remaining()];
                for (int i = 0; i < v.length; i++) {
                    byte b = bb.get();
                    v[i] = unsigned ? b & 0xff : b;
                }
                return v;
            }
            default -> throw new OnnxRuntimeException(where, "expected a float or 8-bit output " + name + ", found "
                    + t.getInfo().type, null);
        }
    }

    /**
     * Runs one batch and returns every output, by name in the model's order, as floats (8-bit
     * integer outputs as their integer values); {@code quant4j compare} reads them all.
     */
    public java.util.LinkedHashMap<String, Output> runAll(float[] data, long... shape) {
        return runOutputs(data, shape, outputNames());
    }

    /** The output names, in the model's order. */
    public java.util.List<String> outputNames() {
        return java.util.List.copyOf(session.getOutputNames());
    }

    /** The input's name. */
    public String inputName() {
        return inputName;
    }

    /** The input's dimensions, -1 for symbolic ones (the batch). */
    public long[] inputShape() {
        try {
            NodeInfo info = session.getInputInfo().get(inputName);
            return ((TensorInfo) info.getInfo()).getShape();
        } catch (OrtException e) {
            throw new OnnxRuntimeException(where, "cannot read the input shape", e);
        }
    }

    /** The first output's dimensions, -1 for symbolic ones (the batch). */
    public long[] outputShape() {
        try {
            NodeInfo info = session.getOutputInfo().values().iterator().next();
            return ((TensorInfo) info.getInfo()).getShape();
        } catch (OrtException | ClassCastException e) {
            throw new OnnxRuntimeException(where, "cannot read the output shape", e);
        }
    }

    /** The model's {@code metadata_props}. */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new OnnxRuntimeException(where, "cannot read the metadata", e);
        }
    }

    /** Top-1 accuracy over labelled batches (argmax of each sample's flattened output). */
    public EvalResult evaluate(Iterable<ImageBatch> batches) {
        long images = 0;
        long correct = 0;
        long t0 = System.nanoTime();
        for (ImageBatch b : batches) {
            if (b.labels() == null) {
                throw new IllegalArgumentException("evaluation needs labelled batches");
            }
            Output y = run(b.data(), b.shape());
            int[] pred = argmax(y.values(), b.size());
            for (int i = 0; i < pred.length; i++) {
                correct += pred[i] == b.labels()[i] ? 1 : 0;
            }
            images += b.size();
        }
        return new EvalResult(images, correct, (System.nanoTime() - t0) / 1e9);
    }

    /** Top-1 accuracy of a file over labelled batches. */
    public static EvalResult evaluate(Path file, Iterable<ImageBatch> batches, OrtOptions options) {
        try (OrtRunner r = open(file, options)) {
            return r.evaluate(batches);
        }
    }

    /**
     * Argmax of each of {@code n} equal rows of a flattened output: the first index of the largest
     * value, or -1 (no class) for a row holding a NaN.
     */
    static int[] argmax(float[] values, int n) {
        int per = values.length / n;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < per; j++) {
                float v = values[i * per + j];
                if (Float.isNaN(v)) {
                    best = -1;
                    break;
                }
                if (v > values[i * per + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeException(where, "cannot close the session", e);
        }
    }
}
