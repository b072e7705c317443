package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code quant4j} launcher. */
@Command(
        name = "quant4j",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "INT8 quantization of neural networks on the JVM: PTQ, QAT, ONNX export.",
        subcommands = {ModelsCommand.class, SummaryCommand.class, TrainCommand.class, PtqCommand.class, ReportCommand.class, QatCommand.class, ExportCommand.class, EvalCommand.class, BenchCommand.class,
            CompareCommand.class, RenderTextCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (used by tests). */
    public static int run(String... args) {
        System.setProperty("ai.djl.offline", "true");
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, params) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof Quant4jException q) {
                cmd.getErr().println("error: " + q.getMessage());
                return 2;
            }
            cmd.getErr().println("internal error (a bug in quant4j; please report it with this output): " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
