package dev.faultline.scan;

import dev.faultline.faultin.Progress;
import dev.faultline.sys.Needs;
import dev.faultline.sys.Unistd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real kernel against the rules' reference: for random layouts (rw, ro, none, hole, zap),
 * requests and calls, a buffered call on tmpfs transfers exactly {@link Rules#possible} bytes
 * (generic_perform_write and filemap_read stop at the first byte they cannot copy, and the benign
 * fault of a zapped page costs nothing), or fails with EFAULT when that is 0; nothing past it changes.
 */
class ScanProperties {
    private static final long PAGE = Unistd.pageSize();
    private static ScanDir tmpfs;

    @BeforeContainer
    static void mount() {
        if (ScanDriver.unavailable() == null) {
            tmpfs = ScanDir.make("tmpfs", Path.of("target/scan-properties"));
        }
    }

    @AfterContainer
    static void unmount() {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Provide
    Arbitrary<ScanCase> cases() {
        final Arbitrary<List<String>> kinds = Arbitraries.of("rw", "rw", "ro", "none", "hole", "zap").list()
                .ofMinSize(1).ofMaxSize(5);
        // a file's byte-counting calls: tmpfs has no FIEMAP (ScanKernelTest checks its records on ext4), and the
        // census's other calls have shapes of their own (CensusCallsTest)
        final List<ScanCall> calls = java.util.Arrays.stream(ScanCall.values())
                .filter(c -> c.where() == ScanCall.Where.FILE && c.shape() == ScanCall.Shape.BYTES).toList();
        return Combinators.combine(kinds, Arbitraries.of(calls),
                Arbitraries.of(BufferBacking.PRIVATE, BufferBacking.SHARED), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1)).as((k, call, backing, o, s) -> {
                    final long bytes = k.size() * PAGE;
                    final long offset = Math.min(bytes - 1, (long) (o * bytes));
                    final long size = Math.max(1, (long) (s * (bytes - offset)));
                    return new ScanCase("tmpfs", call, ScanMode.BUFFERED, backing, String.join(",", k), offset, size);
                });
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void aBufferedCallTransfersExactlyWhatIsPossible(@ForAll("cases") final ScanCase c) {
        Needs.available(ScanDriver.unavailable());
        final ScanRow r = Scan.run(tmpfs.path(), List.of(c), false, Progress.NONE).get(0);
        if (!r.ran() && r.note().startsWith("io_uring: ")) {
            return; // io_uring disabled here: ScanKernelTest reports it
        }
        if (r.possible() == 0) {
            assertEquals(ScanVerdict.EFAULT, r.verdict(), c + ": " + r);
            assertEquals(-1, r.result().returned(), c.toString());
        } else {
            CopyExactness.transferred(r, r.possible());
        }
    }
}
