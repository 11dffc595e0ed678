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
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** On tagged regions too, faithful, batched and bulk give the kernel's answer. */
class MteImplTest extends MteCase {
    @ParameterizedTest
    @ValueSource(strings = {"rw~16+16,rw", "rw,rw~0+16", "rw~4080+16,rw", "rw,rw~2048+32~4064+32", "rw*2"})
    void everyImplementationAgrees(final String layout) {
        for (final Strategy s : Strategy.values()) {
            for (final AccessMode m : AccessMode.values()) {
                for (final long offset : new long[] {0, 5, 100, 4090}) {
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
