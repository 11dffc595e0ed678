package dev.faultline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How exactly a read's copy_to_user stops at a fault: byte-exact on x86_64 and on arm64 since the
 * uaccess rework; 5.10's arm64 copy_to_user may stop up to a store block (16 bytes) before the
 * fault, which the scan reports honestly as SHORT n (measured on 5.10.223: SHORT 3). The tests
 * accept that and nothing else.
 */
final class CopyExactness {
    /** The most a read may stop short of the fault on arm64: one 16-byte store block. */
    static final long ARM64_SLACK = 16;

    private CopyExactness() {
    }

    /** Asserts that a row that could transfer {@code bytes} did, or on arm64 a read stopped up to 16 bytes early. */
    static void transferred(final ScanRow r, final long bytes) {
        assertEquals(bytes, r.possible(), r::toString);
        final boolean arm64Read = System.getProperty("os.arch").equals("aarch64") && !r.scanCase().call().writes();
        if (arm64Read && r.verdict() == ScanVerdict.SHORT) {
            assertTrue(r.shortBy() < ARM64_SLACK, r::toString);
            assertEquals(r.result().returned(), r.result().landed(), r::toString);
            return;
        }
        assertEquals(ScanVerdict.EXACT, r.verdict(), r::toString);
        assertEquals(bytes, r.result().returned(), r::toString);
        assertEquals(bytes, r.result().landed(), r::toString);
    }
}
