package dev.faultline.faultin;

import dev.faultline.memory.Backing;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * faithful, batched and bulk give the same leftover, probe count and failing offset for every
 * strategy on random layouts, and batched/bulk never cost more syscalls than probes + a few.
 */
class ImplProperties {
    private static final long PAGE = Unistd.pageSize();

    record Case(List<PageKind> kinds, long offset, long size, AccessMode mode, Strategy strategy) {
        String layout() {
            return String.join(",", kinds.stream().map(PageKind::word).toList());
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        final Arbitrary<List<PageKind>> kinds = Arbitraries.of(PageKind.RW, PageKind.RW, PageKind.RO, PageKind.WO,
                PageKind.NONE, PageKind.HOLE, PageKind.ZAP).list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(kinds, Arbitraries.longs().between(0, 1 << 16), Arbitraries.longs().between(0, 1 << 16),
                        Arbitraries.of(AccessMode.values()), Arbitraries.of(Strategy.runnable()))
                .as((k, o, s, m, st) -> {
                    final long total = k.size() * PAGE;
                    final long offset = o % total;
                    return new Case(k, offset, s % (total - offset + 1), m, st);
                });
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void everyImplementationGivesTheKernelsAnswer(@ForAll("cases") final Case c) {
        FaultInResult first = null;
        for (final ProbeImpl impl : ProbeImpl.values()) {
            try (Region r = Region.of(c.layout(), Backing.MEMFD)) {
                final FaultInResult got = FaultIn.faultIn(c.strategy(), c.mode(), KernelEra.CURRENT, impl, r,
                        c.offset(), c.size());
                if (first == null) {
                    first = got;
                } else {
                    assertEquals(first.leftover(), got.leftover(), impl + " " + c);
                    assertEquals(first.probes(), got.probes(), impl + " " + c);
                    assertEquals(first.failedAt(), got.failedAt(), impl + " " + c);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void bulkGranuleProbeOfAWholeRangeTakesAHandfulOfSyscalls() {
        // what is set up once per process is set up before the counting: the scratch file, and the
        // MADV_POPULATE_READ feature test (its syscalls made this test fail when it ran first)
        dev.faultline.sys.ScratchFile.get();
        dev.faultline.sys.KernelFeatures.populate();
        try (Region r = Region.of("rw*256")) {
            final FaultInResult faithful = FaultIn.faultIn(Strategy.GRANULE, AccessMode.READ, KernelEra.CURRENT,
                    ProbeImpl.FAITHFUL, r, 0, r.size());
            final FaultInResult bulk = FaultIn.faultIn(Strategy.GRANULE, AccessMode.READ, KernelEra.CURRENT,
                    ProbeImpl.BULK, r, 0, r.size());
            final FaultInResult batched = FaultIn.faultIn(Strategy.GRANULE, AccessMode.READ, KernelEra.CURRENT,
                    ProbeImpl.BATCHED, r, 0, r.size());
            // the granule pass's points: every granule of the 256 pages (256 a page of 4 KiB, 1024 of 16 KiB)
            final long granules = 256 * (Unistd.pageSize() / FaultInFamily.GRANULE);
            assertEquals(256 + 1 + granules, faithful.probes());
            assertEquals(faithful.probes(), faithful.syscalls());
            assertEquals(faithful.probes(), bulk.probes());
            assertTrue(bulk.syscalls() <= 2, "bulk syscalls " + bulk.syscalls());
            assertEquals(faithful.probes(), batched.probes());
            assertEquals(granules / BatchedProber.IOV_MAX, batched.syscalls(),
                    "one pwritev per " + BatchedProber.IOV_MAX + " granule points, shared by both passes");
        }
    }
}
