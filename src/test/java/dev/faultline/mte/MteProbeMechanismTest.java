package dev.faultline.mte;

import dev.faultline.faultin.ProbeMechanism;
import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.memory.TagMark;
import dev.faultline.sys.Errno;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe mechanisms' contract on tagged memory: every mechanism's load and store is a
 * tag-checked uaccess, so each is refused with EFAULT on every byte of a mismatched granule and
 * succeeds on the bytes either side of it — the sub-page fault that page-granular probing cannot
 * see, caught by a 1-byte probe at the right place.
 */
class MteProbeMechanismTest extends MteCase {
    /** The mismatched granule: bytes [START, START + GRANULE) of the first page. */
    private static final long START = 2 * TagMark.GRANULE;

    static Stream<ProbeMechanism> mechanisms() {
        return ProbeMechanisms.ORDER.stream();
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void everyMechanismFaultsOnEachByteOfAMismatchedGranuleAndNowhereElse(final ProbeMechanism m) {
        final long efault = -Errno.EFAULT.number();
        try (Region r = Regions.of("rw~" + START + "+" + TagMark.GRANULE + ",rw", Backing.ANON)) {
            assertTrue(r.tagged());
            for (long off = START; off < START + TagMark.GRANULE; off++) {
                assertEquals(efault, m.loadRaw(r.address(off, 1)), m.name() + " load at " + off);
            }
            assertEquals(efault, m.storeZeroRaw(r.address(START, 1)), m.name() + " store at " + START);
            final long last = START + TagMark.GRANULE - 1;
            assertEquals(efault, m.storeZeroRaw(r.address(last, 1)), m.name() + " store at " + last);
            for (final long off : new long[] {0, START - 1, START + TagMark.GRANULE, r.pageSize()}) {
                assertTrue(m.load(r.address(off, 1)), m.name() + " load at " + off);
                assertTrue(m.storeZero(r.address(off, 1)), m.name() + " store at " + off);
            }
            assertFalse(m.load(r.address(START + TagMark.GRANULE / 2, 1)), m.name());
        }
    }
}
