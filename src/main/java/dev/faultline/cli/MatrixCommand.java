package dev.faultline.cli;

import dev.faultline.faultin.Strategy;
import dev.faultline.lab.Matrix;
import dev.faultline.report.Reports;


/** {@code matrix}: every loop x strategy x fault. */
final class MatrixCommand implements Command {
    final CommonOptions common = new CommonOptions();

    final LoopOptions loopOptions = new LoopOptions();

    final MatrixOptions matrixOptions = new MatrixOptions();

    @Override
    public Spec spec() {
        final Spec s = new Spec("matrix", "Run every loop x strategy x fault case against real regions.");
        common.declare(s);
        loopOptions.declare(s);
        matrixOptions.declare(s);
        return s;
    }


    @Override
    public int call(final Invocation in) {
        common.refuseWithJson(in, "--format");
        matrixOptions.checkFormat();
        final Matrix m = Matrix.run(loopOptions.config(Strategy.PAGE), common.backing(),
                ConsoleProgress.of(in.err(), common.quiet));
        if (matrixOptions.out != null) {
            MatrixOptions.write(matrixOptions.out, m, null);
        }
        if (common.json) {
            final java.util.Map<String, Object> json = new java.util.LinkedHashMap<>(Reports.json(m));
            json.put("block", loopOptions.block);
            json.put("era", loopOptions.kernel);
            json.put("probe", dev.faultline.faultin.ProbeMechanisms.current().name());
            common.print(in.out(), json, null);
        } else {
            in.out().print(matrixOptions.render(m));
        }
        return 0;
    }
}
