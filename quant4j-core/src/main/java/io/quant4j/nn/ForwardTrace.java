package io.quant4j.nn;

import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One traced forward of a model, as {@code torch.onnx.export} runs it: in eval mode without
 * gradients ({@link EvalMode}), inside a scope, on seeded standard-normal input of a given shape
 * ({@code java.util.Random(0)}), with the model's state tensors named by their paths. Export and
 * dataflow placement both trace through here.
 *
 * @param trace the recorded ops
 * @param calls every module call, in the order they returned, with the traced values they read and returned
 */
public record ForwardTrace(Trace trace, List<Call> calls) {
    public ForwardTrace {
        calls = List.copyOf(calls);
    }

    /**
     * One module call.
     *
     * @param module the module
     * @param path its dotted path
     * @param input the traced name of the value it read (null when untraced)
     * @param output the traced name of the value it returned
     */
    public record Call(Module module, String path, String input, String output) {}

    /** Traces one forward of {@code model} on an input named {@code inputName} of {@code shape}. */
    public static ForwardTrace of(Module model, String inputName, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[Math.toIntExact(n)];
        Random rnd = new Random(0);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        return EvalMode.run(model, () -> {
            List<Call> calls = new ArrayList<>();
            try (Scope s = Scope.open(); Tracer tracer = Tracer.start()) {
                Tensor x = Tensor.fromFloats(data, shape);
                tracer.nameAll(model.stateTensors());
                tracer.input(inputName, x);
                try (AutoCloseable l = Module.listen((path, m, in, out) ->
                        calls.add(new Call(m, path, tracer.valueName(in), tracer.valueName(out))))) {
                    return new ForwardTrace(tracer.finish(model.forward(x)), calls);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
