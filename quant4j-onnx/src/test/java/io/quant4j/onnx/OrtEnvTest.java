package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's environment does not depend on the caller's stack: a JVM whose threads have
 * 512 KiB stacks (a default JVM's 1 MiB already crashed ONNX Runtime 1.29 with SIGSEGV) creates it
 * through {@link OrtEnv} and runs a model. Its own JVM, since the environment is created once per process.
 */
class OrtEnvTest {
    @TempDir
    Path dir;

    /** The child: creates the environment on its small-stack main thread's behalf and runs a model. */
    public static final class Child {
        public static void main(String[] args) {
            OrtEnvironment e = OrtEnv.get();
            byte[] model;
            try (TestNets.QuantNet net = TestNets.floatNet(1)) {
                model = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28)).toByteArray();
            }
            try (OrtRunner r = OrtRunner.open(model, OrtOptions.defaults())) {
                System.out.println("ran: " + r.run(new float[28 * 28], 1, 1, 28, 28).values().length + " outputs; same env "
                        + (e == OrtEnv.get()));
            }
        }
    }

    @Test
    void aSmallStackJvmCreatesTheEnvironmentAndRunsAModel() throws Exception {
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss512k",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("ran: [1-9]\\d* outputs; same env true");
    }
}
