package dev.faultline.mte;

import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Base of every MTE test: runs only where MTE is available (an arm64 MTE board, or the
 * emulated machine of bin/mte-lab), and is reported as "skipped: no MTE" everywhere else —
 * never silently passed. Each test runs with this thread in sync mode.
 */
abstract class MteCase {
    @BeforeEach
    void requireMte() {
        assumeTrue(Mte.available(), () -> "skipped: no MTE (" + Mte.status().reason() + ")");
        Mte.enableSync();
    }
}
