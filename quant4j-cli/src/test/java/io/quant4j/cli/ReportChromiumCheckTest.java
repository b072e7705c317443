package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented headless check of docs/cli.md, run when Debian's {@code chromium} is installed:
 * report.html opens from disk in headless Chromium (no network) and a full-page screenshot is
 * written. Skipped, saying why, where chromium is missing: the suite never depends on it.
 */
class ReportChromiumCheckTest {
    @TempDir
    Path dir;

    @Test
    void reportOpensInHeadlessChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "chromium is not installed (apt-get install chromium): the headless"
                + " check of report.html is skipped");
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path out = dir.resolve("report");
        CliRunner.Result r = CliRunner.run("report", "--model", "resnet_fmnist", "--pretrained", "--limit", "50",
                "--num-calib-batches", "1", "--calib-batch-size", "32", "--output", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path shot = dir.resolve("shot.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--screenshot=" + shot,
                "--window-size=1400,3000", out.resolve("report.html").toUri().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.log"))).isZero();
        byte[] png = Files.readAllBytes(shot);
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(png.length).as("a 1400 x 3000 page with charts, not a blank one").isGreaterThan(100_000);
    }
}
