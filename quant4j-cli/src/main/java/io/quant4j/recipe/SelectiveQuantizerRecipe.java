package io.quant4j.recipe;

import java.util.List;

/**
 * {@code quantization_params.selective_quantizer_params} (SuperGradients' keys).
 *
 * @param calibratorW calibrator of weights: {@code max} or {@code histogram}
 * @param calibratorI calibrator of inputs: {@code max} or {@code histogram}
 * @param perChannel per-channel weight quantization
 * @param learnAmax learn the clip ranges of per-tensor quantizers in QAT
 * @param skipModules dotted module paths left float
 * @param weightBits weight bits (8; 4 for W4A8)
 * @param inputBits input bits (8)
 */
public record SelectiveQuantizerRecipe(String calibratorW, String calibratorI, boolean perChannel, boolean learnAmax,
                                       List<String> skipModules, int weightBits, int inputBits) {
    public SelectiveQuantizerRecipe {
        for (String c : new String[] {calibratorW, calibratorI}) {
            if (!"max".equals(c) && !"histogram".equals(c)) {
                throw new IllegalArgumentException("expected calibrator max or histogram, found '" + c + "'");
            }
        }
        skipModules = skipModules == null ? List.of() : List.copyOf(skipModules);
    }

    /** SuperGradients' defaults. */
    public static SelectiveQuantizerRecipe defaults() {
        return new SelectiveQuantizerRecipe("max", "histogram", true, false, List.of(), 8, 8);
    }
}
