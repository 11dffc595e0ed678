package dev.faultline.scan;

import dev.faultline.sys.Needs;
import dev.faultline.faultin.Progress;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The census's calls that are not a file's read or write, against the real kernel: futex words at a
 * fault, UFFDIO_COPY in whole pages, btrfs's tree search. Each count follows from the page size and
 * the call's shape ({@link ScanCall}).
 */
@Tag("fs")
class CensusCallsTest {
    private static final long PAGE = Unistd.pageSize();
    private static ScanDir none;

    @BeforeAll
    static void mount() {
        Needs.available(ScanDriver.unavailable());
        none = ScanDir.make(ScanCall.NO_FS, Path.of("target/scan-test"));
    }

    @AfterAll
    static void unmount() {
        if (none != null) {
            none.close();
        }
    }

    private static ScanRow one(final String text) {
        return Scan.run(none.path(), List.of(ScanCase.parse(text)), false, Progress.NONE).get(0);
    }

    private static void verdict(final String text, final ScanVerdict v, final long returned, final long landed) {
        final ScanRow r = one(text);
        assertEquals(List.of(v, returned, landed), List.of(r.verdict(), r.result().returned(), r.result().landed()),
                r::toString);
        assertEquals(0, r.result().outside(), r::toString);
        assertNull(r.finding(), text);
    }

    @Test
    void aFutexWordAtAFaultIsEfaultAndAtABenignOneIsTaken() {
        for (final String call : List.of("futex-wait", "futex-requeue", "futex-wake-op", "futex-lock-pi",
                "futex-unlock-pi")) {
            verdict("none/" + call + "/buffered/private/rw,none,rw/" + PAGE + "/4", ScanVerdict.EFAULT, -1, 0);
            verdict("none/" + call + "/buffered/private/rw,hole,rw/" + PAGE + "/4", ScanVerdict.EFAULT, -1, 0);
            verdict("none/" + call + "/buffered/shared/rw,zap,rw/" + PAGE + "/4", ScanVerdict.EXACT, 4, 4);
            verdict("none/" + call + "/buffered/file/rw,zap,rw/" + PAGE + "/4", ScanVerdict.EXACT, 4, 4);
        }
        // a read-only word: the loads take it, the atomic stores fault it in for writing and fail
        verdict("none/futex-wait/buffered/private/rw,ro,rw/" + PAGE + "/4", ScanVerdict.EXACT, 4, 4);
        verdict("none/futex-requeue/buffered/private/rw,ro,rw/" + PAGE + "/4", ScanVerdict.EXACT, 4, 4);
        verdict("none/futex-lock-pi/buffered/private/rw,ro,rw/" + PAGE + "/4", ScanVerdict.EFAULT, -1, 0);
        assertEquals(0, one("none/futex-wake-op/buffered/private/rw,ro,rw/" + PAGE + "/4").possible());
    }

    @Test
    void aRobustFutexOfAnExitingTaskIsMarkedWhereItCanBeWritten() {
        verdict("none/futex-robust-exit/buffered/private/rw,zap,rw/" + PAGE + "/4", ScanVerdict.EXACT, 4, 4);
        verdict("none/futex-robust-exit/buffered/private/rw,none,rw/" + PAGE + "/4", ScanVerdict.EXACT, 0, 0);
        verdict("none/futex-robust-exit/buffered/private/rw,ro,rw/" + PAGE + "/4", ScanVerdict.EXACT, 0, 0);
    }

    @Test
    void uffdioCopyCopiesTheWholePagesBeforeTheFault() {
        final ScanRow probe = one("none/uffdio-copy/buffered/private/rw,rw,rw/0/" + PAGE);
        if (!probe.ran()) {
            assertTrue(probe.note().startsWith("uffdio-copy: "), probe.note());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: " + probe.note());
        }
        // the first source page is whole: it lands, the second faults (EAGAIN with copy = one page)
        verdict("none/uffdio-copy/buffered/private/rw,none,rw/0/" + 3 * PAGE, ScanVerdict.EXACT, PAGE, PAGE);
        // the first source page runs into the fault: nothing is copied
        verdict("none/uffdio-copy/buffered/private/rw,none,rw/700/" + 2 * PAGE, ScanVerdict.EFAULT, -1, 0);
        verdict("none/uffdio-copy/buffered/shared/rw,zap,rw/700/" + 2 * PAGE, ScanVerdict.EXACT, 2 * PAGE, 2 * PAGE);
        verdict("none/uffdio-copy/buffered/private/rw,ro,rw/700/" + 2 * PAGE, ScanVerdict.EXACT, 2 * PAGE, 2 * PAGE);
    }

    @Test
    void treeSearchFaultsTheWholeBufferInFirstAndFailsLeavingItsZero() {
        Needs.available(ScanDir.unavailable("btrfs"));
        final long size = ScanCall.SEARCH_HEADER + (3 * PAGE - ScanCall.SEARCH_HEADER) / ScanCall.SEARCH_RECORD
                * ScanCall.SEARCH_RECORD;
        final ScanRow r = Scan.runOne(ScanCase.parse("btrfs/tree-search/buffered/private/rw,none,rw/0/" + size),
                false, Path.of("target/scan-test"));
        // fault_in_writeable stores a zero at the first byte of the items and at each page start before it
        // fails at the PROT_NONE page: EFAULT, nothing copied, that one byte changed
        assertEquals(List.of(ScanVerdict.DIRTY, -1L, (long) Rules.EFAULT, 0L, 1L), List.of(r.verdict(),
                r.result().returned(), (long) r.result().errno(), r.result().landed(), r.result().beyond()), r::toString);
        assertEquals(ScanCall.SEARCH_HEADER + (PAGE - ScanCall.SEARCH_HEADER) / ScanCall.SEARCH_RECORD
                * ScanCall.SEARCH_RECORD, r.possible());
        assertEquals("tree-search-efault", r.finding());
        assertEquals("btrfs-search", r.model());
        final ScanRow z = Scan.runOne(ScanCase.parse("btrfs/tree-search/buffered/shared/rw,zap,rw/0/" + size), false,
                Path.of("target/scan-test"));
        assertEquals(List.of(ScanVerdict.EXACT, size, size), List.of(z.verdict(), z.result().returned(),
                z.result().landed()), z::toString);
    }

    @Test
    void sigreturnRestoresAFrameAfterABenignFaultAndFailsAtARealOne() {
        final long frame = ScanDriver.frameBytes();
        if (!System.getProperty("os.arch").equals("amd64")) {
            assertEquals(0, frame, "rt_sigreturn's retry loop is x86's");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: sigreturn's retry loop is x86-64's");
        }
        assertTrue(frame >= 512 && frame % 4 == 0, "an fpstate of the legacy area or more: " + frame);
        final long at = 2 * PAGE - ScanCases.FRAME_BEFORE;
        verdict("none/sigreturn/buffered/private/rw,none,rw/" + at + "/" + frame, ScanVerdict.EFAULT, -1, 0);
        verdict("none/sigreturn/buffered/private/rw,hole,rw/" + at + "/" + frame, ScanVerdict.EFAULT, -1, 0);
        verdict("none/sigreturn/buffered/shared/rw,zap,rw/" + at + "/" + frame, ScanVerdict.EXACT, frame, frame);
        verdict("none/sigreturn/buffered/private/rw,rw,rw/0/" + frame, ScanVerdict.EXACT, frame, frame);
        // the frame a signal's delivery saves on an alternate stack: a benign fault is retried, a real one is SIGSEGV
        final long save = PAGE - ScanCases.SAVE_BEFORE;
        verdict("none/sigframe/buffered/private/rw,none,rw/" + save + "/" + frame, ScanVerdict.EFAULT, -1, 0);
        verdict("none/sigframe/buffered/private/rw,ro,rw/" + save + "/" + frame, ScanVerdict.EFAULT, -1, 0);
        verdict("none/sigframe/buffered/shared/rw,zap,rw/" + save + "/" + frame, ScanVerdict.EXACT, frame, frame);
        verdict("none/sigframe/buffered/private/rw,rw,rw/" + save + "/" + frame, ScanVerdict.EXACT, frame, frame);
        final ScanRow odd = one("none/sigreturn/buffered/private/rw,rw,rw/8/" + frame);
        assertEquals("sigreturn: SIZE must be the fpstate's " + frame + " bytes and OFFSET a multiple of 64", odd.note());
    }

    @Test
    void theShortFormCarriesEveryCensusCallOnItsOwnFileSystem() {
        final ScanCases.Plan plan = new ScanCases.Plan(ScanCases.SHORT_CALLS, true, false, false, 0);
        final List<ScanCase> noFs = ScanCases.of(ScanCall.NO_FS, plan, PAGE);
        for (final ScanCall c : ScanCall.values()) {
            final boolean expected = c.where() == ScanCall.Where.NO_FS && c.shape() != ScanCall.Shape.FRAME;
            assertEquals(expected, noFs.stream().anyMatch(k -> k.call() == c), c.word());
        }
        assertTrue(ScanCases.of("btrfs", plan, PAGE).stream().anyMatch(k -> k.call() == ScanCall.TREE_SEARCH));
        assertTrue(ScanCases.of("ext4", plan, PAGE).stream().noneMatch(k -> k.call() == ScanCall.TREE_SEARCH));
        // ntfs3's compressed files take ntfs_compress_write: buffered writes only, and on ntfs3 only
        assertEquals(java.util.Set.of(ScanCall.PWRITE, ScanCall.PWRITEV2, ScanCall.IO_URING_WRITE),
                ScanCases.of("ntfs3", plan, PAGE).stream().filter(k -> k.mode() == ScanMode.COMPRESSED)
                        .map(ScanCase::call).collect(java.util.stream.Collectors.toSet()));
        assertTrue(ScanCases.of("ext4", plan, PAGE).stream().noneMatch(k -> k.mode() == ScanMode.COMPRESSED));
        // each futex word sits at its layout's fault; the page-fault layouts put it at the second page
        noFs.stream().filter(k -> k.call().shape() == ScanCall.Shape.WORD).forEach(k -> {
            assertEquals(ScanCall.WORD, k.size());
            assertEquals(PAGE, k.offset(), k::toString);
        });
    }
}
