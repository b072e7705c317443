package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.train.OptimizerKind;
import org.junit.jupiter.api.Test;

class QatCommandLrTest {
    @Test
    void lambStepsSmallerWhenNodesStayFloat() {
        assertThat(QatCommand.defaultLr(OptimizerKind.LAMB, false)).isEqualTo(QatCommand.ONNX_LR);
        assertThat(QatCommand.defaultLr(OptimizerKind.LAMB, true)).isEqualTo(QatCommand.ONNX_MIXED_LR)
                .isLessThan(QatCommand.ONNX_LR);
    }

    @Test
    void adamKeepsItsOwnRateEitherWay() {
        assertThat(QatCommand.defaultLr(OptimizerKind.ADAM, false)).isEqualTo(QatCommand.ONNX_ADAM_LR);
        assertThat(QatCommand.defaultLr(OptimizerKind.ADAM, true)).isEqualTo(QatCommand.ONNX_ADAM_LR);
    }

    @Test
    void theHelpSaysEachDefault() {
        java.io.StringWriter w = new java.io.StringWriter();
        new picocli.CommandLine(new QatCommand()).usage(new java.io.PrintWriter(w));
        assertThat(w.toString().replaceAll("\\s+", " ")).contains(QatCommand.ONNX_LR + " for lamb")
                .contains(QatCommand.ONNX_MIXED_LR + " for lamb when --skip leaves nodes float")
                .contains(QatCommand.ONNX_ADAM_LR + " for adam");
    }
}
