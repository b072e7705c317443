package io.quant4j.onnx.compare;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tools/models/fetch-ocr-models leaves PaddleOCR's ONNX models, or null when they are not there (tests never fetch). */
final class OcrModels {
    private OcrModels() {}

    static Path assets() {
        String cache = System.getenv("QUANT4J_CACHE");
        Path root = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "quant4j");
        Path a = root.resolve("npm").resolve("ocr-models-1.4.2").resolve("package").resolve("assets");
        return Files.isRegularFile(a.resolve("ch_PP-OCRv4_rec_infer.onnx")) && Files.isRegularFile(a.resolve("ppocr_keys_v1.txt"))
                && Files.isRegularFile(a.resolve("ch_PP-OCRv4_det_infer.onnx")) ? a : null;
    }
}
