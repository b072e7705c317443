package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile but honest input, one case at a time, through the CLI entry point: every case must exit
 * with 2, print no stack trace, name the option, key or file at fault together with a way to fix
 * it, and leave every file it was given (and the folder around them) exactly as it was.
 */
class HostileInputTest {
    @TempDir
    static Path dir;

    static HostileFixtures fx;

    @BeforeAll
    static void files() throws IOException {
        fx = new HostileFixtures(dir);
        fx.create();
    }

    /**
     * One case.
     *
     * @param name what a user did
     * @param args the command line ({@code @NAME} stands for the fixture file NAME)
     * @param expected fragments the error must contain: what is at fault and how to fix it
     */
    record Case(String name, List<String> args, List<String> expected) {}

    private static Case c(String name, String args, String... expected) {
        return new Case(name, List.of(args.split(" ")), List.of(expected));
    }

    static List<Case> cases() {
        String ptq = "ptq --model resnet_fmnist --pretrained ";
        String qat = "qat --recipe ../recipes/resnet_fmnist_qat.yaml --run-dir @newrun ";
        String train = "train --recipe ../recipes/resnet_fmnist.yaml --run-dir @newrun ";
        List<Case> l = new ArrayList<>();
        // outputs over inputs
        l.add(c("export over its checkpoint", "export --checkpoint @float.safetensors --output @float.safetensors",
                "--output", "same file as --checkpoint", "another file"));
        l.add(c("export over its checkpoint through a link", "export --checkpoint @float.safetensors --output @link_to_float.safetensors",
                "same file as --checkpoint"));
        l.add(c("ptq checkpoint and ONNX to one file", ptq + "--output @out.x --export @out.x", "--export and --output", "its own file"));
        l.add(c("ptq over its float checkpoint", "ptq --checkpoint @float.safetensors --output @float.safetensors", "same file as --checkpoint"));
        l.add(c("ptq ONNX over its weights", ptq.replace("--pretrained ", "") + "--weights @weights.safetensors --export @weights.safetensors",
                "same file as --weights"));
        l.add(c("export onto a directory", "export --checkpoint @float.safetensors --output @emptydir", "--output", "is an existing directory"));
        l.add(c("ptq output onto a directory", ptq + "--output @emptydir", "--output", "existing directory"));
        l.add(c("export into a missing folder", "export --checkpoint @float.safetensors --output @nope/x.onnx", "--output", "does not exist"));
        // weights that cannot be used
        l.add(c("eval NaN weights", "eval --model resnet_fmnist --weights @nan.safetensors", "conv1.weight", "NaN", "healthy checkpoint"));
        l.add(c("eval infinite float16 weights", "eval --model resnet_fmnist --weights @f16_inf.safetensors", "layer1.0.bn1.weight",
                "infinite"));
        l.add(c("eval int32 weights", "eval --model resnet_fmnist --weights @i32.safetensors", "fc.weight", "int32", "exact"));
        l.add(c("ptq NaN weights", "ptq --model resnet_fmnist --weights @nan.safetensors", "conv1.weight", "NaN"));
        l.add(c("export NaN weights", "export --model resnet_fmnist --weights @nan.safetensors --output @x.onnx", "conv1.weight", "NaN"));
        l.add(c("truncated weights", "eval --model resnet_fmnist --weights @truncated.safetensors", "truncated.safetensors"));
        l.add(c("weights of another model", "eval --model resnet18 --weights @weights.safetensors", "weights.safetensors", "does not match",
                "same architecture"));
        // resume with nothing to resume
        l.add(c("train --resume, no such folder", train.replace("@newrun", "@missing_run") + "--resume", "nothing to resume",
                "does not exist"));
        l.add(c("train --resume, empty folder", train.replace("@newrun", "@emptydir") + "--resume", "nothing to resume", "empty"));
        l.add(c("train --resume, state deleted", train.replace("@newrun", "@run_no_state") + "--resume", "nothing to resume",
                "ckpt_last.state.safetensors"));
        l.add(c("train over checkpoints without state", train.replace("@newrun", "@run_no_state"), "ckpt_last.safetensors",
                "another folder"));
        l.add(c("qat --resume, no such folder", qat.replace("@newrun", "@missing_run") + "--resume", "nothing to resume"));
        // options out of range: refused when parsed
        for (String bits : List.of("0", "1", "17", "33")) {
            l.add(c("--weight-bits " + bits, ptq + "--weight-bits " + bits, "--weight-bits", "[2, 16]"));
        }
        for (String bits : List.of("0", "64", "-8")) {
            l.add(c("--input-bits " + bits, ptq + "--input-bits " + bits, "--input-bits", "[2, 16]"));
        }
        l.add(c("--num-calib-batches 0", ptq + "--num-calib-batches 0", "--num-calib-batches", ">= 1"));
        l.add(c("--calib-batch-size 0", ptq + "--calib-batch-size 0", "--calib-batch-size", ">= 1"));
        l.add(c("--percentile 101", ptq + "--percentile 101", "--percentile", "[0, 100]"));
        l.add(c("--max-clipped 2", ptq + "--calib-method entropy --max-clipped 2", "--max-clipped", "[0, 1]"));
        l.add(c("--max-clipped without entropy", ptq + "--max-clipped 0.001", "--max-clipped", "--calib-method entropy"));
        l.add(c("--calib-method kl", ptq + "--calib-method kl", "kl", "percentile"));
        l.add(c("--target gpu", ptq + "--target gpu", "--target", "tensorrt"));
        l.add(c("--eval-limit -1", ptq + "--eval-limit -1", "--eval-limit", ">= 0"));
        l.add(new Case("--skip ''", List.of("ptq", "--model", "resnet_fmnist", "--pretrained", "--skip", ""),
                List.of("--skip", "module path")));
        l.add(c("--skip unknown module", ptq + "--skip layer9", "layer9", "Closest"));
        l.add(c("eval --batch-size 0", "eval --model resnet_fmnist --pretrained --batch-size 0", "--batch-size", ">= 1"));
        l.add(c("eval --threads 0", "eval --onnx @x.onnx --threads 0", "--threads", ">= 1"));
        l.add(c("eval --limit -5", "eval --model resnet_fmnist --pretrained --limit -5", "--limit", ">= 0"));
        l.add(c("export --verify-batch-size 0", "export --checkpoint @float.safetensors --output @x.onnx --verify-batch-size 0",
                "--verify-batch-size", ">= 1"));
        l.add(c("export --verify-batches 0", "export --checkpoint @float.safetensors --output @x.onnx --verify-batches 0",
                "--verify-batches", ">= 1"));
        l.add(c("export --input-shape of rank 3", "export --checkpoint @float.safetensors --output @x.onnx --input-shape 1x28x28",
                "--input-shape", "4 dimensions"));
        l.add(c("bench --iterations 0", "bench --onnx @x.onnx --iterations 0", "--iterations", ">= 1"));
        l.add(c("bench --batch-sizes 0", "bench --onnx @x.onnx --batch-sizes 1,0", "--batch-sizes", ">= 1"));
        l.add(c("bench --runs 0", "bench --onnx @x.onnx --runs 0", "--runs", ">= 1"));
        l.add(c("bench --warmup -3", "bench --onnx @x.onnx --warmup -3", "--warmup", ">= 0"));
        l.add(c("bench --input-shape garbage", "bench --onnx @x.onnx --input-shape 1xAx28", "--input-shape", "without the batch"));
        l.add(c("bench a missing file", "bench --onnx @missing.onnx", "--onnx", "no such file"));
        l.add(c("summary of a huge input", "summary --model resnet_fmnist --input-shape 99999999999x1x28x28", "--input-shape",
                "needs", "GiB", "smaller shape"));
        l.add(c("summary of an unknown model", "summary --model resnet99", "resnet99", "Available models"));
        l.add(c("eval a missing ONNX file", "eval --onnx @missing.onnx", "--onnx", "no such file"));
        l.add(c("eval a directory as ONNX", "eval --onnx @emptydir", "--onnx", "is a directory"));
        l.add(c("eval a missing checkpoint", "eval --checkpoint @missing.safetensors", "missing.safetensors", "not found"));
        l.add(c("two weight sources", "ptq --model resnet_fmnist --pretrained --weights @weights.safetensors", "--pretrained",
                "exactly one"));
        // flags that would be ignored
        l.add(c("--set without --recipe", ptq + "--set a=1", "--set", "--recipe FILE"));
        l.add(c("--run-dir without --recipe", ptq + "--run-dir @newrun", "--run-dir", "--recipe FILE"));
        l.add(c("--percentile with --recipe", "ptq --recipe ../recipes/resnet_fmnist_qat.yaml --percentile 99",
                "--percentile", "--set quantization_params.calib_params.percentile=VALUE"));
        l.add(c("--weight-bits with --recipe", "ptq --recipe ../recipes/resnet_fmnist_qat.yaml --weight-bits 4",
                "--weight-bits", "--set quantization_params.selective_quantizer_params.weight_bits=VALUE"));
        l.add(c("train on a QAT recipe", "train --recipe ../recipes/resnet_fmnist_qat.yaml --run-dir @newrun", "quantization_params",
                "quant4j qat --recipe"));
        // recipes
        l.add(c("recipe .nan", "train --recipe @nan_lr.yaml --run-dir @newrun", "training_hyperparams.initial_lr", "nan_lr.yaml line",
                "finite"));
        l.add(c("recipe .inf", "train --recipe @inf_lr.yaml --run-dir @newrun", "training_hyperparams.initial_lr", "finite"));
        l.add(c("recipe lr 1e400 with ptq", "ptq --recipe @huge_lr.yaml --run-dir @newrun", "training_hyperparams.initial_lr",
                "huge_lr.yaml line", "finite"));
        l.add(c("recipe label smoothing 1.5 with ptq", "ptq --recipe @smoothing.yaml --run-dir @newrun",
                "training_hyperparams.label_smoothing", "smoothing.yaml line", "[0, 1)"));
        l.add(c("recipe batch size 3e9", "train --recipe @huge_batch.yaml --run-dir @newrun", "batch_size", "huge_batch.yaml line",
                "2147483647"));
        l.add(c("recipe weight_bits 33", "ptq --recipe @bits33.yaml --run-dir @newrun", "weight_bits", "bits33.yaml line", "[2, 16]"));
        l.add(c("recipe with a missing include", "train --recipe @missing_include.yaml --run-dir @newrun", "no_such_recipe",
                "missing_include.yaml line 1", "defaults"));
        l.add(c("empty recipe", "train --recipe @empty.yaml --run-dir @newrun", "empty.yaml", "empty"));
        l.add(c("binary recipe", "train --recipe @binary.yaml --run-dir @newrun", "binary.yaml", "binary"));
        l.add(c("directory as recipe", "train --recipe @a_folder.yaml --run-dir @newrun", "a_folder.yaml", "is a directory"));
        l.add(c("missing recipe", "qat --recipe @nope.yaml --run-dir @newrun", "nope.yaml", "not found"));
        l.add(c("recipe with an unknown model", "train --recipe @unknown_model.yaml --run-dir @newrun", "model.name",
                "unknown_model.yaml line", "resnet99"));
        l.add(c("recipe skipping an unknown module", "qat --recipe @unknown_skip.yaml --run-dir @newrun", "skip_modules",
                "unknown_skip.yaml line", "layer9.conv", "Closest"));
        l.add(c("recipe with a misspelt key", "train --recipe @unknown_key.yaml --run-dir @newrun", "max_epoch", "unknown_key.yaml line",
                "max_epochs"));
        l.add(c("recipe with an unknown target", "qat --recipe @bad_target.yaml --run-dir @newrun", "target", "bad_target.yaml line",
                "onnxruntime"));
        l.add(c("recipe with 0 epochs", "train --recipe @zero_epochs.yaml --run-dir @newrun", "training_hyperparams.max_epochs",
                "zero_epochs.yaml line"));
        l.add(c("recipe with negative weight decay", "qat --recipe @negative_wd.yaml --run-dir @newrun", "weight_decay",
                "negative_wd.yaml line"));
        l.add(c("--set a..b=1", train + "--set a..b=1", "a..b", "empty"));
        l.add(c("--set without =", train + "--set max_epochs", "--set", "KEY.PATH=VALUE"));
        l.add(c("--set unknown key", train + "--set training_hyperparams.epochs=1", "training_hyperparams.epochs", "max_epochs"));
        l.add(c("--run-dir is a file", train.replace("@newrun", "@a_file"), "--run-dir", "is a file"));
        l.add(c("qat --run-dir is a file", qat.replace("@newrun", "@a_file"), "--run-dir", "is a file"));
        String eval = "eval --model resnet_fmnist --pretrained --data ";
        l.add(c("eval a folder with an empty class", eval + "@data_empty_class", "class 'b'", "data_empty_class/b", "Remove the empty"));
        l.add(c("eval 3 class folders on a 10-class model", eval + "@data_3classes", "3 class subfolders", "10 outputs"));
        l.add(c("eval images of mixed sizes without resize", eval + "@data_mixed", "data_mixed/5/b.png", "32x32", "28x28",
                "Resize the images"));
        l.add(c("eval a corrupt image", eval + "@data_corrupt", "data_corrupt/7/b.png", "--skip-bad-images"));
        l.add(c("eval an unlabelled folder", eval + "@data_unlabelled", "needs labels", "one subfolder per class"));
        l.add(c("eval a folder without images", eval + "@data_no_images", "data_no_images/x", "class 'x'"));
        l.add(c("eval an array of another shape", eval + "@rgb32.npy", "rgb32.npy", "[3, 32, 32]", "[1, 28, 28]"));
        l.add(c("eval an array without labels", eval + "@nolabels.npy", "needs labels", "labels.npy"));
        l.add(c("eval a missing data folder", eval + "@no_such_data", "no_such_data", "nothing at that path"));
        l.add(c("ptq calibrating on a file that is no data", "ptq --model resnet_fmnist --pretrained --calib-data @a_file", "a_file",
                "not .npy"));
        l.add(c("qat --calib-data that does not exist", qat + "--calib-data @no_such_data", "dataset_params.calib=", "no_such_data",
                "nothing at that path"));
        return l;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsRefusedCleanly() {
        List<Case> all = cases();
        assertThat(all).as("cases in the table").hasSizeGreaterThanOrEqualTo(60);
        return all.stream().map(k -> dynamicTest(k.name(), () -> check(k)));
    }

    private static void check(Case k) throws IOException {
        List<String> args = k.args().stream().map(a -> a.startsWith("@") ? dir.resolve(a.substring(1)).toString() : a).toList();
        Map<String, String> before = snapshot();
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        String all = r.out() + r.err();
        assertThat(r.exitCode()).as("exit code of %s%n%s", args, all).isEqualTo(2);
        assertThat(all).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        for (String e : k.expected()) {
            assertThat(r.err()).as("error of %s", args).contains(e);
        }
        assertThat(snapshot()).as("files after %s", args).isEqualTo(before);
    }

    /** Every path under the fixture folder with the SHA-256 of its content (links and folders marked). */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> out.put(dir.relativize(p).toString(), digest(p)));
        }
        return out;
    }

    private static String digest(Path p) {
        try {
            if (Files.isSymbolicLink(p)) {
                return "link to " + Files.readSymbolicLink(p);
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return "folder";
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
