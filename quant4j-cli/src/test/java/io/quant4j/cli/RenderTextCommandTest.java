package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.data.Augmentation;
import io.quant4j.data.ImageFolderDataset;
import io.quant4j.data.image.Image8;
import io.quant4j.data.image.ImageDecoder;
import io.quant4j.data.text.OcrSpecs;
import io.quant4j.testing.DejaVuFonts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderTextCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void fonts() {
        DejaVuFonts.assumeInstalled();
    }

    @Test
    void detWritesPagesAndTheirBoxesAndRepeatsForASeed() throws Exception {
        Path out = dir.resolve("det");
        CliRunner.Result r = CliRunner.run("render-text", "--kind", "det", "--count", "3", "--out", out.toString(), "--seed", "4",
                "--width", "320", "--height", "256", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.lastLine());
        assertThat(j.get("kind").asText()).isEqualTo("det");
        assertThat(j.get("count").asInt()).isEqualTo(3);
        assertThat(j.get("out").asText()).isEqualTo(out.toAbsolutePath().normalize().toString());
        assertThat(j.get("seconds").asDouble()).isPositive();
        List<String> tsv = Files.readAllLines(out.resolve("boxes.tsv"));
        assertThat(tsv.get(0)).isEqualTo("file\tx\ty\twidth\theight\ttext");
        assertThat(tsv.size()).isGreaterThan(3 * 3);
        for (String row : tsv.subList(1, tsv.size())) {
            String[] f = row.split("\t");
            assertThat(f).hasSize(6);
            Image8 page = ImageDecoder.decode(out.resolve(f[0]));
            assertThat(page.width()).isEqualTo(320);
            assertThat(page.height()).isEqualTo(256);
            assertThat(Integer.parseInt(f[1]) + Integer.parseInt(f[3])).isLessThanOrEqualTo(320);
            assertThat(Integer.parseInt(f[2]) + Integer.parseInt(f[4])).isLessThanOrEqualTo(256);
            assertThat(f[5]).isNotBlank();
        }
        assertThat(out.resolve("page_0002.png")).isRegularFile();

        Path again = dir.resolve("again");
        assertThat(CliRunner.run("render-text", "--kind", "det", "--count", "2", "--out", again.toString(), "--seed", "4",
                "--width", "320", "--height", "256").exitCode()).isZero();
        assertThat(Files.readAllBytes(again.resolve("page_0001.png"))).isEqualTo(Files.readAllBytes(out.resolve("page_0001.png")));
    }

    @Test
    void recWritesLinesAndLabels() throws Exception {
        Path out = dir.resolve("rec");
        CliRunner.Result r = CliRunner.run("render-text", "--kind", "rec", "--count", "4", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 4 320 x 48 recognizer lines");
        List<String> tsv = Files.readAllLines(out.resolve("labels.tsv"));
        assertThat(tsv).hasSize(5);
        assertThat(tsv.get(0)).isEqualTo("file\ttext");
        assertThat(tsv.get(1)).startsWith("line_0000.png\t");
        for (String row : tsv.subList(1, 5)) {
            String[] f = row.split("\t");
            Image8 line = ImageDecoder.decode(out.resolve(f[0]));
            assertThat(line.height()).isEqualTo(48);
            assertThat(line.width()).isEqualTo(320);
            assertThat(f[1]).isNotBlank();
        }
    }

    @Test
    void clsWritesABalancedImageFolder() throws Exception {
        Path out = dir.resolve("cls");
        CliRunner.Result r = CliRunner.run("render-text", "--kind", "cls", "--count", "5", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (var zero = Files.list(out.resolve("0")); var one = Files.list(out.resolve("1"))) {
            assertThat(zero.count()).isEqualTo(3);
            assertThat(one.count()).isEqualTo(2);
        }
        ImageFolderDataset d = ImageFolderDataset.labelled(out, OcrSpecs.CLS, Augmentation.NONE, false);
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.classNames()).containsExactly("0", "1");
        assertThat(out.resolve("1/cls_0001.png")).isRegularFile();
    }

    @Test
    void aNonEmptyFolderIsRefusedAndLeftAlone() throws Exception {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("page_0000.png"), "mine");
        CliRunner.Result r = CliRunner.run("render-text", "--kind", "det", "--count", "1", "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("holds 1 entries").contains("new or empty folder");
        assertThat(Files.readString(out.resolve("page_0000.png"))).isEqualTo("mine");

        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRunner.Result f = CliRunner.run("render-text", "--kind", "rec", "--count", "1", "--out", file.toString());
        assertThat(f.exitCode()).isEqualTo(2);
        assertThat(f.err()).contains("is a file");
    }

    @Test
    void badKindsAndSizesAreUsageErrors() {
        String out = dir.resolve("x").toString();
        CliRunner.Result k = CliRunner.run("render-text", "--kind", "ocr", "--count", "1", "--out", out);
        assertThat(k.exitCode()).isEqualTo(2);
        assertThat(k.err()).contains("expected det, rec or cls, found 'ocr'");
        CliRunner.Result s = CliRunner.run("render-text", "--kind", "det", "--count", "1", "--out", out, "--width", "500");
        assertThat(s.exitCode()).isEqualTo(2);
        assertThat(s.err()).contains("multiples of 32");
        CliRunner.Result l = CliRunner.run("render-text", "--kind", "rec", "--count", "1", "--out", out, "--width", "60");
        assertThat(l.exitCode()).isEqualTo(2);
        assertThat(l.err()).contains("twice the height");
        assertThat(dir.resolve("x")).doesNotExist();
        CliRunner.Result c = CliRunner.run("render-text", "--kind", "rec", "--count", "0", "--out", out);
        assertThat(c.exitCode()).isEqualTo(2);
    }
}
