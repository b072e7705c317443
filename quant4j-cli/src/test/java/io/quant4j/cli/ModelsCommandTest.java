package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
    @Test
    void modelsJsonListsTheZooWithTorchvisionCounts() throws Exception {
        CliRunner.Result r = CliRunner.run("models", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode models = Json.mapper().readTree(r.lastLine()).get("models");
        assertThat(models).hasSize(5);
        assertThat(models.get(0).get("name").asText()).isEqualTo("resnet_fmnist");
        assertThat(models.get(0).get("parameters").asLong()).isEqualTo(174_970);
        assertThat(models.get(0).get("input_shape").toString()).isEqualTo("[1,28,28]");
        assertThat(models.get(1).get("parameters").asLong()).isEqualTo(11_689_512);
    }

    @Test
    void summaryPrintsPathsTypesAndOutputShapes() throws Exception {
        CliRunner.Result r = CliRunner.run("summary", "--model", "resnet_fmnist", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("layer2.0.downsample.0").contains("Conv2d").contains("[1, 32, 14, 14]");
        JsonNode o = Json.mapper().readTree(r.lastLine());
        assertThat(o.get("parameters").asLong()).isEqualTo(174_970);
        assertThat(o.get("modules").get(0).get("output_shape").toString()).isEqualTo("[1,10]");
    }

    @Test
    void unknownModelIsOneClearError() {
        CliRunner.Result r = CliRunner.run("summary", "--model", "resnet19");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model 'resnet19'").contains("Available models: resnet_fmnist");
    }
}
