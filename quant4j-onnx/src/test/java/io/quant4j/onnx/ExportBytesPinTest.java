package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.calib.Amax;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the ONNX files both targets write for the bundled resnet_fmnist, so that a
 * refactoring of placement or export that changes a single byte fails. The amax of every quantizer
 * is set by a rule that gives the same floats on every CPU (weights: the exact max |w| per output
 * channel; activations: fixed values by position), so the hashes do not depend on the machine.
 * When a change to the exported graph is intended, update the hashes in the same commit and say so.
 */
class ExportBytesPinTest {
    private static final Map<QuantTarget, String> EXPECTED = Map.of(
            QuantTarget.TENSORRT, "7b7bec42576d5951f0a1441337817dbb4efe8ed1bbb484dc48877e1cf261c5a1",
            QuantTarget.ONNXRUNTIME, "8e33b8d5bf2c56d73704efac9c2f53f9739e422bd35c58fc9c781fff92bd75a2");

    @Test
    void bothTargetsWriteTheSameBytesAsBefore() throws Exception {
        for (QuantTarget t : List.of(QuantTarget.TENSORRT, QuantTarget.ONNXRUNTIME)) {
            assertThat(sha256(exported(t))).as("SHA-256 of the %s export", t).isEqualTo(EXPECTED.get(t));
        }
    }

    static byte[] exported(QuantTarget target) {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            m.eval();
            QuantizationSpec.defaults().withTarget(target).toQuantizer(1, 1, 28, 28).quantize(m);
            setAmax(m);
            return OnnxExporter.toModel(m, ExportOptions.of(1, 1, 28, 28).withTarget(target)).toByteArray();
        }
    }

    /** Weights: max |w| per output channel (exact); activations: 1, 1.25, 1.5, ... in model order. */
    private static void setAmax(Module m) {
        Map<String, Tensor> state = m.stateTensors();
        int k = 0;
        try (Scope s = Scope.open()) {
            for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
                if (!(e.getValue() instanceof TensorQuantizer q)) {
                    continue;
                }
                String path = e.getKey();
                if (path.endsWith("._weight_quantizer")) {
                    Tensor w = state.get(path.substring(0, path.length() - "._weight_quantizer".length()) + ".weight");
                    q.setAmax(channelMax(w.toFloatArray(), w.shape()));
                } else {
                    q.setAmax(1f + 0.25f * k++);
                }
            }
        }
    }

    private static Amax channelMax(float[] w, long[] shape) {
        int channels = (int) shape[0];
        int per = w.length / channels;
        float[] amax = new float[channels];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < per; i++) {
                amax[c] = Math.max(amax[c], Math.abs(w[c * per + i]));
            }
        }
        long[] keep = new long[shape.length];
        java.util.Arrays.fill(keep, 1);
        keep[0] = channels;
        return new Amax(amax, keep);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
