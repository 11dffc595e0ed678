package dev.faultline.cli;

import dev.faultline.mte.MteStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code mte status}. */
final class MteCommand implements Command {
    @Override
    public Spec spec() {
        final Spec s = new Spec("mte", "arm64 MTE");
        s.subcommand(Status::new);
        return s;
    }

    @Override
    public int call(final Invocation in) {
        throw new BadInput("missing subcommand: status");
    }

    /** {@code mte status}: whether MTE can be used here, and why not. */
    static final class Status implements Command {
        final CommonOptions common = new CommonOptions();

        @Override
        public Spec spec() {
            final Spec s = new Spec("status", "Whether MTE can be used here, and why not.");
            common.declare(s);
            return s;
        }

        @Override
        public int call(final Invocation in) {
            common.refuseBacking(in, "mte status builds no region");
            final MteStatus s = MteStatus.detect();
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("available", s.available());
            o.put("reason", s.reason());
            o.put("hwcap2Mte", s.hwcap2Mte());
            o.put("modes", s.modes());
            // what a board must not start without --allow-unkillable here (native-notes/findings/NAME.md)
            o.put("knownUnkillable", dev.faultline.oracle.KnownUnkillable.onRunningKernel());
            common.print(in.out(), o, (s.available() ? "MTE available: " : "MTE not available: ")
                    + s.reason());
            return 0;
        }
    }
}
