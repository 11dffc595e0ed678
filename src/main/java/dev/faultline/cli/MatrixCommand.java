package dev.faultline.cli;

import dev.faultline.faultin.Strategy;
import dev.faultline.lab.Matrix;
import dev.faultline.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code matrix}: every loop x strategy x fault. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Run every loop x strategy x fault case against real regions.")
final class MatrixCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    LoopOptions loopOptions;

    @Mixin
    MatrixOptions matrixOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        common.refuseWithJson(spec, "--format");
        matrixOptions.checkFormat();
        final Matrix m = Matrix.run(loopOptions.config(Strategy.PAGE), common.backing(),
                ConsoleProgress.of(spec.commandLine().getErr(), common.quiet));
        if (matrixOptions.out != null) {
            MatrixOptions.write(matrixOptions.out, m, null);
        }
        if (common.json) {
            common.print(spec.commandLine().getOut(), Reports.json(m), null);
        } else {
            spec.commandLine().getOut().print(matrixOptions.render(m));
        }
        return 0;
    }
}
