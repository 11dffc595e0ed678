package dev.faultline.mte;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.FaultIn;
import dev.faultline.faultin.FaultInResult;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Strategy;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import org.junit.jupiter.params.ParameterizedTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** On tagged regions too, faithful, batched and bulk give the kernel's answer. */
class MteImplTest extends MteCase {
    private static final long PAGE = dev.faultline.sys.Unistd.pageSize();

    /** Marks at the start, at a page start, in the last granule, mid-page and near the end (4 KiB: 2048, 4064). */
    static java.util.stream.Stream<String> layouts() {
        return java.util.stream.Stream.of("rw~16+16,rw", "rw,rw~0+16", "rw~" + (PAGE - 16) + "+16,rw",
                "rw,rw~" + PAGE / 2 + "+32~" + (PAGE - 32) + "+32", "rw*2");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("layouts")
    void everyImplementationAgrees(final String layout) {
        for (final Strategy s : Strategy.runnable()) {
            for (final AccessMode m : AccessMode.values()) {
                for (final long offset : new long[] {0, 5, 100, PAGE - 6}) {
                    FaultInResult first = null;
                    for (final ProbeImpl impl : ProbeImpl.values()) {
                        try (Region r = Regions.of(layout, Backing.ANON)) {
                            final FaultInResult got = FaultIn.faultIn(s, m, KernelEra.CURRENT, impl, r, offset,
                                    r.size() - offset);
                            if (first == null) {
                                first = got;
                            } else {
                                final String what = layout + " " + s.word() + " " + m.word() + " @" + offset + " " + impl;
                                assertEquals(first.leftover(), got.leftover(), what);
                                assertEquals(first.probes(), got.probes(), what);
                                assertEquals(first.failedAt(), got.failedAt(), what);
                            }
                        }
                    }
                }
            }
        }
    }
}
