package dev.faultline.faultin;

import dev.faultline.memory.Backing;
import dev.faultline.memory.PageKind;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every strategy's leftover and failing offset from the real kernel, against a closed-form
 * reference computed from the layout alone: with page-granular faults, a page-granular
 * fault-in returns {@code size} when the first inaccessible byte lies in the start's page, else
 * {@code end - f} for the first inaccessible page start {@code f}. The cases are those this
 * kernel can build: no guard page where MADV_GUARD_INSTALL is missing for that backing, no gup
 * strategy without MADV_POPULATE_* (MatrixTest and NewcomerErrorsTest check what is left out).
 */
class FaultInProperties {
    private static final long PAGE = Unistd.pageSize();

    record Case(List<PageKind> kinds, Backing backing, long offset, long size, AccessMode mode, Strategy strategy) {
        String layout() {
            return String.join(",", kinds.stream().map(PageKind::word).toList());
        }
    }

    /** Which page kinds pass a probe of this kind. */
    static boolean passes(final PageKind k, final boolean gup, final AccessMode m) {
        if (m == AccessMode.WRITE) {
            return k.writable();
        }
        return gup ? k.readable() : k.cpuReadable();
    }

    /** First byte offset in [offset, offset+size) on a page failing the probe kind, or -1. */
    static long firstBad(final Case c, final boolean gup) {
        for (long b = c.offset(); b < c.offset() + c.size(); b = (b / PAGE + 1) * PAGE) {
            if (!passes(c.kinds().get((int) (b / PAGE)), gup, c.mode())) {
                return b;
            }
        }
        return -1;
    }

    static long pageModel(final Case c, final boolean gup) {
        final long f = firstBad(c, gup);
        return f < 0 ? 0 : f / PAGE == c.offset() / PAGE ? c.size() : c.offset() + c.size() - f;
    }

    static long model(final Case c) {
        if (c.size() == 0) {
            return 0;
        }
        final boolean firstOk = passes(c.kinds().get((int) (c.offset() / PAGE)), false, c.mode());
        return switch (c.strategy()) {
            case FIRST_BYTE -> firstOk ? 0 : c.size();
            case PAGE, GRANULE -> pageModel(c, false);
            case GUP -> pageModel(c, true);
            case GUP_FIRST_BYTE -> {
                final long g = pageModel(c, true);
                yield g < c.size() && !passes(c.kinds().get((int) (c.offset() / PAGE)), false, AccessMode.READ)
                        ? c.size() : g;
            }
        };
    }

    @Provide
    Arbitrary<Case> cases() {
        final Arbitrary<List<PageKind>> kinds = Arbitraries.of(PageKind.RW, PageKind.RO, PageKind.WO, PageKind.NONE,
                PageKind.HOLE, PageKind.GUARD, PageKind.ZAP).list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(kinds, Arbitraries.of(Backing.values()), Arbitraries.longs().between(0, 1 << 16),
                        Arbitraries.longs().between(0, 1 << 16), Arbitraries.of(AccessMode.values()),
                        Arbitraries.of(Strategy.runnable()))
                .as((k, b, o, s, m, st) -> {
                    final long total = k.size() * PAGE;
                    final long offset = o % total;
                    return new Case(k, b, offset, s % (total - offset + 1), m, st);
                })
                .filter(c -> !c.kinds().contains(PageKind.GUARD)
                        || dev.faultline.sys.KernelFeatures.guard(c.backing() != Backing.ANON));
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void leftoverEqualsTheReferenceModel(@ForAll("cases") final Case c) {
        try (Region r = Region.of(c.layout(), c.backing())) {
            final FaultInResult got = FaultIn.faultIn(c.strategy(), c.mode(), KernelEra.CURRENT, r, c.offset(), c.size());
            assertEquals(model(c), got.leftover(), c.toString());
        }
    }

    /** The kernel-shaped calls (FaultIn.faultInReadable / -Writeable) give fault_in_readable/_writeable's leftover. */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void kernelShapedLeftoverEqualsThePageModel(@ForAll("cases") final Case c) {
        try (Region r = Region.of(c.layout(), c.backing())) {
            final long got = c.mode() == AccessMode.READ ? FaultIn.faultInReadable(r, c.offset(), c.size())
                    : FaultIn.faultInWriteable(r, c.offset(), c.size());
            assertEquals(c.size() == 0 ? 0 : pageModel(c, false), got, c.toString());
        }
    }

    /**
     * The region call's first-byte probe gives the very result of the address call with the
     * {@link KernelProber} under the caller's lease, on the same bytes: leftover, probes, failing
     * offset and syscalls (the two entry points share one path and one shared last result).
     */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void theFirstByteCallEqualsTheTallyPath(@ForAll("cases") final Case c) {
        try (Region r = Region.of(c.layout(), c.backing())) {
            final FaultInResult direct = FaultIn.faultIn(Strategy.FIRST_BYTE, c.mode(), KernelEra.CURRENT, r,
                    c.offset(), c.size());
            final FaultInResult tallied;
            try (Region.Lease l = r.lease()) {
                tallied = FaultIn.faultIn(Strategy.FIRST_BYTE, c.mode(), KernelEra.CURRENT, KernelProber.INSTANCE,
                        r.address(c.offset(), c.size()), c.size(), r.base());
            }
            assertEquals(tallied, direct, c.toString());
        }
    }
}
