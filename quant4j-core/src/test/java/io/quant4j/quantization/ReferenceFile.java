package io.quant4j.quantization;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and reads {@code shared/reference/quantization_reference.json}: the system property
 * {@code quant4j.reference.file}, else {@code quant4j.shared.dir}/reference/..., else the first
 * {@code shared/reference/...} found walking up from the working directory.
 */
final class ReferenceFile {
    static final String NAME = "quantization_reference.json";

    private ReferenceFile() {}

    static Path locate() {
        String explicit = System.getProperty("quant4j.reference.file");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                fail("quant4j.reference.file names " + p + ", which does not exist; give the path of "
                        + NAME + " (shared/reference/ in the project's shared folder)");
            }
            return p;
        }
        String sharedDir = System.getProperty("quant4j.shared.dir");
        if (sharedDir != null && !sharedDir.isBlank()) {
            Path shared = Path.of(sharedDir).toAbsolutePath().normalize();
            if (Files.isDirectory(shared)) {
                return requireIn(shared);
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path shared = d.resolve("shared");
            if (Files.isDirectory(shared.resolve("reference")) || Files.isDirectory(shared.resolve("spec"))) {
                return requireIn(shared);
            }
        }
        Assumptions.abort("no shared/ folder found (quant4j.shared.dir unset or missing, none above "
                + Path.of("").toAbsolutePath() + "): the reference vectors of pytorch-quantization are not"
                + " available on this machine; pass -Dquant4j.reference.file=PATH to run these tests");
        return null;
    }

    private static Path requireIn(Path shared) {
        Path p = shared.resolve("reference").resolve(NAME);
        if (!Files.isRegularFile(p)) {
            fail("the shared folder " + shared + " has no reference/" + NAME
                    + "; restore it or pass -Dquant4j.reference.file=PATH");
        }
        return p;
    }

    static JsonObject read() {
        Path p = locate();
        try {
            return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }
}
