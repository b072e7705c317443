package io.quant4j.cli;

import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.recipe.ModelParams;
import java.io.IOException;

/** Builds a recipe's model: zoo name and options, pretrained weights or a checkpoint. */
final class RecipeModels {
    private RecipeModels() {}

    static Module build(ModelParams p) throws IOException {
        ModelOptions o = new ModelOptions(p.numClasses(), p.inChannels(), p.pretrained(), null, p.seed());
        if (p.checkpoint() != null && SafeTensors.read(p.checkpoint()).metadata().containsKey("model")) {
            return ModelCheckpoint.load(p.checkpoint());
        }
        return Models.get(p.name(), p.checkpoint() != null ? o.withWeights(p.checkpoint()) : o);
    }
}
