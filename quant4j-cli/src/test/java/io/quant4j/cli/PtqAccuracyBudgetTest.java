package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ptq --accuracy-budget}: budgets outside [0, 100] are usage errors; the chosen
 * skip_modules reproduce the result without the search (a plain {@code --skip} run gives the same
 * INT8 accuracy); a budget the quantized model already meets leaves nothing in float.
 */
class PtqAccuracyBudgetTest {
    @Test
    void budgetsOutsideZeroToHundredAreUsageErrors() {
        for (String bad : new String[] {"-1", "100.5", "half"}) {
            CliRunner.Result r = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--accuracy-budget", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).contains("--accuracy-budget").contains("expected a number in [0, 100]").contains("found '" + bad + "'");
        }
    }

    @Test
    void theChosenSkipModulesReproduceTheResultWithoutTheSearch() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        String[] common = {"ptq", "--model", "resnet_fmnist", "--pretrained", "--weight-bits", "4", "--per-tensor-weights",
            "--num-calib-batches", "1", "--calib-batch-size", "64", "--eval-limit", "300", "--quiet", "--json"};
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--accuracy-budget", "2", "--search-limit", "300"));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("sensitivity, most sensitive first").contains("skip_modules: [");
        JsonNode j = Json.mapper().readTree(r.lastLine());
        JsonNode budget = j.get("accuracy_budget");
        List<String> skips = new ArrayList<>();
        budget.get("skip_modules").forEach(n -> skips.add(n.asText()));
        assertThat(skips).isNotEmpty(); // W4 per-tensor loses far more than 2 points
        assertThat(budget.get("met_on_search_data").asBoolean()).isTrue();
        assertThat(budget.get("search_reached").asDouble()).isGreaterThanOrEqualTo(budget.get("search_fp32").asDouble() - 0.02);

        List<String> plain = new ArrayList<>(List.of(common));
        skips.forEach(s -> plain.addAll(List.of("--skip", s)));
        CliRunner.Result p = CliRunner.run(plain.toArray(String[]::new));
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(Json.mapper().readTree(p.lastLine()).get("int8_accuracy").asDouble()).isEqualTo(j.get("int8_accuracy").asDouble());
    }

    @Test
    void aBudgetTheQuantizedModelMeetsLeavesNothingInFloat() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        CliRunner.Result r = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--num-calib-batches", "1",
                "--calib-batch-size", "64", "--eval-limit", "100", "--accuracy-budget", "100", "--search-limit", "100", "--quiet", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode b = Json.mapper().readTree(r.lastLine()).get("accuracy_budget");
        assertThat(b.get("skip_modules").size()).isZero();
        assertThat(b.get("evaluations").asInt()).isEqualTo(2 + 23 + 1); // float, quantized, each layer, the re-calibrated model
    }
}
