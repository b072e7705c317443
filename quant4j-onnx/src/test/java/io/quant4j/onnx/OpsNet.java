package io.quant4j.onnx;

import io.quant4j.nn.Conv2d;
import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.nn.Init;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;
import java.util.List;

/** A test model that uses most Tensor ops, for input {@code N x 1 x 8 x 8}; output {@code N x 5}. */
final class OpsNet extends Module {
    private final Parameter w;
    private final Parameter b;
    private final Parameter w2;

    OpsNet() {
        register("conv", new Conv2d(1, 4, 3, 1, 1, true));
        register("up", new ConvTranspose2d(4, 4, Int2.of(3), ConvSpec.of(2, 1), Int2.of(1), true));
        w = parameter("w", Init.defaultUniform(8, 5, 8));
        b = parameter("b", Init.defaultUniform(8, 5));
        w2 = parameter("w2", Init.defaultUniform(16, 5, 16));
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        long n = x.dim(0);
        Tensor a = children().get("conv").forward(x);                              // N,4,8,8
        Tensor up = children().get("up").forward(a);                               // N,4,16,16
        Tensor p = up.maxPool2d(Int2.of(2), Int2.of(2), Int2.of(0), false);        // N,4,8,8
        Tensor c = a.avgPool2d(Int2.of(3), Int2.of(1), Int2.of(1), false, true);   // N,4,8,8 (count_include_pad: Java ignores false, see report)
        Tensor d = Tensor.concat(List.of(p.silu(), c.hardswish(), a.relu6()), 1);  // N,12,8,8
        d = d.sigmoid().mul(2f).sub(0.5f).add(d.tanh()).div(1.5f).clamp(-1f, 1f);
        Tensor e = d.pad(new long[] {1, 1, 2, 0}, 0.25f)                           // N,12,10,10
                .slice(2, 1, 9).slice(3, 0, 8).flip(3);                            // N,12,8,8
        Tensor f = e.slice(1, 0, 8).permute(0, 2, 3, 1).reshape(n, 64, 8);         // N,64,8
        Tensor g = f.linear(w.value(), b.value());                                 // N,64,5 (MatMul path)
        Tensor h = g.softmax(2).add(g.logSoftmax(2).mul(0.1f));
        Tensor m = h.mean(new int[] {1}, false).add(h.sum(new int[] {1}, false)).add(h.max(new int[] {1}, false));
        Tensor gate = Tensor.where(m.gte(m.mul(0.5f)), m, m.abs().neg());          // N,5
        Tensor o = gate.abs().add(1f).sqrt().log().exp();
        o = o.maximum(o.mul(0.3f)).minimum(o.add(2f));
        Tensor q = a.adaptiveAvgPool2d(2, 2).flatten(1).linear(w2.value(), null);  // N,5
        Tensor r = x.flatten(2).slice(2, 0, 5).broadcastTo(n, 3, 5).mean(new int[] {1}, false); // N,5
        return o.add(q).sub(r.square()).relu();
    }
}
