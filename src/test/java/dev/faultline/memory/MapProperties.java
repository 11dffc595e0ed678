package dev.faultline.memory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For random layouts of up to 64 pages over all three backings, measured == expected (guard
 * pages only on kernels that build them on every backing, 6.15+).
 */
class MapProperties {
    @Provide
    Arbitrary<List<PageKind>> layouts() {
        // guard pages only where every backing can have them (MADV_GUARD_INSTALL: 6.13+ anon, 6.15+ shared)
        return Arbitraries.of(java.util.Arrays.stream(PageKind.values())
                .filter(k -> k != PageKind.GUARD || dev.faultline.sys.KernelFeatures.guard(true)).toList())
                .list().ofMinSize(1).ofMaxSize(64);
    }

    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void measuredEqualsExpected(@ForAll("layouts") final List<PageKind> kinds, @ForAll final Backing backing) {
        final String text = String.join(",", kinds.stream().map(PageKind::word).toList());
        try (Region r = Region.of(text, backing)) {
            final MeasuredMaps m = r.measure();
            assertEquals(r.expectedMap().line(), m.gup().line(), text + " " + backing);
            final StringBuilder cpu = new StringBuilder();
            kinds.forEach(k -> cpu.append(new Access(k.cpuReadable(), k.writable()).symbol()));
            assertEquals(cpu.toString(), m.uaccess().line(), "uaccess " + text + " " + backing);
        }
    }
}
