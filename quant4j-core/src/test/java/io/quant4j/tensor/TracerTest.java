package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracerTest {

    @Test
    void tracedResnetFmnistHasExpectedOpsAndModulePaths() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults()); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            m.eval();
            Trace trace;
            try (Tracer tracer = Tracer.start()) {
                tracer.nameAll(m.stateTensors());
                Tensor x = tracer.input("input", Tensor.zeros(1, 1, 28, 28));
                trace = tracer.finish(m.forward(x));
            }
            List<String> head = trace.ops().subList(0, 10).stream().map(o -> o.type() + "@" + o.modulePath()).toList();
            assertThat(head).containsExactly(
                    "Conv@conv1", "BatchNormalization@bn1", "Relu@relu",
                    "Conv@layer1.0.conv1", "BatchNormalization@layer1.0.bn1", "Relu@layer1.0.relu",
                    "Conv@layer1.0.conv2", "BatchNormalization@layer1.0.bn2", "Add@layer1.0", "Relu@layer1.0.relu");
            // 15 convs (13 3x3 + 2 downsample), 15 BNs, 6 adds, global pool, flatten, fc
            assertThat(trace.opTypes().stream().filter("Conv"::equals).count()).isEqualTo(15);
            assertThat(trace.opTypes().stream().filter("BatchNormalization"::equals).count()).isEqualTo(15);
            assertThat(trace.opTypes().stream().filter("Add"::equals).count()).isEqualTo(6);
            assertThat(trace.opTypes().subList(trace.ops().size() - 3, trace.ops().size()))
                    .containsExactly("GlobalAveragePool", "Flatten", "Linear");
            TracedOp down = trace.ops().stream().filter(o -> o.modulePath().equals("layer2.0.downsample.0")).findFirst().orElseThrow();
            assertThat(down.inputs()).contains("layer2.0.downsample.0.weight");
            assertThat(down.longs("strides")).containsExactly(2, 2);
            assertThat(trace.constants()).containsKeys("conv1.weight", "bn1.running_mean", "fc.bias");
            assertThat(trace.shapes().get(trace.outputs().get(0))).containsExactly(1, 10);
            assertThat(trace.inputs()).containsExactly("input");
        }
    }

    @Test
    void compositeOpsAreRecordedOnceAndNothingIsRecordedWithoutTracer() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(2, 3);
            Trace t;
            try (Tracer tracer = Tracer.start()) {
                Tensor in = tracer.input("x", x);
                t = tracer.finish(in.hardswish().relu6());
            }
            assertThat(t.opTypes()).containsExactly("HardSwish", "Clip");
            assertThat(Tracer.active()).isNull();
            x.relu();
            assertThat(Tracer.active()).isNull();
        }
    }
}
