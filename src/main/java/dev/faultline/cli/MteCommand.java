package dev.faultline.cli;

import dev.faultline.mte.MteStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mte status}. */
@Command(name = "mte", mixinStandardHelpOptions = true, description = "arm64 MTE", subcommands = MteCommand.Status.class)
final class MteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: status");
    }

    /** {@code mte status}: whether MTE can be used here, and why not. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether MTE can be used here, and why not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            common.refuseBacking(spec, "mte status builds no region");
            final MteStatus s = MteStatus.detect();
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("available", s.available());
            o.put("reason", s.reason());
            o.put("hwcap2Mte", s.hwcap2Mte());
            o.put("modes", s.modes());
            common.print(spec.commandLine().getOut(), o, (s.available() ? "MTE available: " : "MTE not available: ")
                    + s.reason());
            return 0;
        }
    }
}
