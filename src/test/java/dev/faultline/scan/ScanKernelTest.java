package dev.faultline.scan;

import dev.faultline.faultin.Progress;
import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Needs;
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
 * The driver against the real kernel, on tmpfs (a mounted one as root, /dev/shm otherwise): the
 * exact counts of each kind of fault, in each direction, from each backing, and the rules' verdict
 * of each. ext4's O_DIRECT read (root and mkfs.ext4) shows the one anomaly this kernel has.
 */
@Tag("fs")
class ScanKernelTest {
    private static final long PAGE = Unistd.pageSize();
    private static final long OFF = 700;
    private static final long SIZE = 3 * PAGE - OFF;
    private static ScanDir tmpfs;

    @BeforeAll
    static void mount() {
        Needs.available(ScanDriver.unavailable());
        tmpfs = ScanDir.make("tmpfs", Path.of("target/scan-test"));
    }

    @AfterAll
    static void unmount() {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    private static ScanRow one(final String text) {
        return Scan.run(tmpfs.path(), List.of(ScanCase.parse(text)), false, Progress.NONE).get(0);
    }

    private static void exact(final String text, final long bytes) {
        final ScanRow r = one(text);
        CopyExactness.transferred(r, bytes);
        assertNull(r.finding(), text);
    }

    @Test
    void eachFaultStopsTheCopyAtItsFirstByteAndABenignOneDoesNot() {
        exact("tmpfs/pread/buffered/private/rw,none,rw/700/" + SIZE, PAGE - OFF);
        exact("tmpfs/read/buffered/private/rw,hole,rw/700/" + SIZE, PAGE - OFF);
        exact("tmpfs/readv/buffered/private/rw,ro,rw/700/" + SIZE, PAGE - OFF);
        exact("tmpfs/pwrite/buffered/private/rw,none,rw/700/" + SIZE, PAGE - OFF);
        exact("tmpfs/writev/buffered/private/rw,hole,rw/700/" + SIZE, PAGE - OFF);
        exact("tmpfs/pwritev2/buffered/private/rw,ro,rw/700/" + SIZE, SIZE);
        exact("tmpfs/preadv2/buffered/private/rw,zap,rw/700/" + SIZE, SIZE);
        exact("tmpfs/write/buffered/shared/rw,zap,rw/700/" + SIZE, SIZE);
        exact("tmpfs/pread/buffered/file/rw,none,rw/" + (PAGE - 100) + "/" + (2 * PAGE + 100), 100);
        exact("tmpfs/pwrite/buffered/file/rw,zap,rw/0/" + 3 * PAGE, 3 * PAGE);
    }

    @Test
    void guardPagesWhereTheKernelHasThem() {
        final ScanRow r = one("tmpfs/pread/buffered/private/rw,guard,rw/700/" + SIZE);
        if (KernelFeatures.guard()) {
            CopyExactness.transferred(r, PAGE - OFF);
        } else {
            assertEquals("guard pages need MADV_GUARD_INSTALL (Linux 6.13+) for this backing", r.note());
            Needs.guard();
        }
    }

    @Test
    void ioUringWhereTheKernelAllowsIt() {
        final ScanRow r = one("tmpfs/io_uring-read/buffered/private/rw,none,rw/700/" + SIZE);
        if (r.ran()) {
            CopyExactness.transferred(r, PAGE - OFF);
        } else {
            assertTrue(r.note().startsWith("io_uring: "), r.note());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: " + r.note());
        }
    }

    @Test
    void ext4DirectReadFailsWholeAfterTheBlocksBeforeTheFaultLanded() {
        Needs.available(ScanDir.unavailable("ext4"));
        final long off = ScanMode.SECTOR;
        final ScanRow r = Scan.runOne(ScanCase.parse("ext4/pread/direct/private/rw,none,rw/" + off + "/"
                + (3 * PAGE - off)), false, Path.of("target/scan-test"));
        assertEquals(ScanVerdict.DIRTY, r.verdict(), r::toString);
        assertEquals(-1, r.result().returned());
        assertEquals(Rules.EFAULT, r.result().errno());
        assertEquals(PAGE - off, r.result().landed(), "every block before the PROT_NONE page");
        assertEquals(PAGE - off, r.possible());
        assertEquals("dio-read-efault", r.finding());
        assertEquals("ext4-dio", r.model());
    }

    @Test
    void aCallThatEndsWhileTheWatcherLooksAtItReturnedLateAndDidNotLivelock() {
        // with no deadline at all every call is late; each ends in the watcher's half second of
        // sampling, by itself, and is classified from what it did (before, every one was LIVELOCK:
        // "a handled signal ended it (Z+0ticks)", the zombie of a call that had returned)
        final List<ScanCase> cases = List.of(ScanCase.parse("tmpfs/pread/buffered/private/rw,rw,rw/" + OFF + "/" + SIZE),
                ScanCase.parse("tmpfs/pwrite/buffered/private/rw,none,rw/" + OFF + "/" + SIZE));
        final List<ScanResult> late = ScanDriver.run(tmpfs.path(), cases, 0, ScanRecord.NONE, Progress.NONE);
        assertEquals(ScanResult.Outcome.RETURNED, late.get(0).outcome(), late.get(0)::toString);
        assertEquals(SIZE, late.get(0).returned());
        assertEquals(SIZE, late.get(0).landed());
        assertEquals(ScanResult.Outcome.RETURNED, late.get(1).outcome(), late.get(1)::toString);
        assertEquals(PAGE - OFF, late.get(1).returned(), "the bytes before the PROT_NONE page");
        assertEquals(PAGE - OFF, late.get(1).landed());
    }

    @Test
    void theDeadlineCountsTheCallAloneNotASlowSetUpBeforeIt() throws Exception {
        // each child first spends twice the deadline in the kernel, as a first tree-search case once did
        // writing and fsyncing its file on a loaded emulated disk; its call then returns at once. Before
        // the call's marks, the watcher saw a spin from the start and signalled: LIVELOCK.
        final double deadline = 1.0;
        final List<ScanCase> cases = List.of(ScanCase.parse("tmpfs/pread/buffered/private/rw,rw,rw/" + OFF + "/" + SIZE),
                ScanCase.parse("tmpfs/pwrite/buffered/private/rw,none,rw/" + OFF + "/" + SIZE));
        final ProcessBuilder b = new ProcessBuilder(ScanDriver.binary().toString(), tmpfs.path().toString(),
                Double.toString(deadline), cases.get(0).driverLine(0), cases.get(1).driverLine(1))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        b.environment().put(ScanDriver.SETUP_SPIN, Double.toString(2 * deadline));
        final Process p = b.start();
        final List<String> lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().toList();
        assertEquals(0, p.waitFor());
        assertEquals(2, lines.size(), lines::toString);
        final ScanResult whole = ScanResult.parse(lines.get(0).substring(2));
        final ScanResult cut = ScanResult.parse(lines.get(1).substring(2));
        assertEquals(ScanResult.Outcome.RETURNED, whole.outcome(), lines.get(0));
        assertEquals(SIZE, whole.returned());
        assertEquals(SIZE, whole.landed());
        assertEquals(ScanResult.Outcome.RETURNED, cut.outcome(), lines.get(1));
        assertEquals(PAGE - OFF, cut.returned(), "the bytes before the PROT_NONE page");
    }

    @Test
    void aWriteCaseAfterANocowOneWritesToAFileOfItsOwnWithoutTheFlag() {
        Needs.available(ScanDir.unavailable("btrfs"));
        try (ScanDir dir = ScanDir.make("btrfs", Path.of("target/scan-test"))) {
            final List<ScanRow> rows = Scan.run(dir.path(), List.of(
                    ScanCase.parse("btrfs/pwrite/nocow/private/rw,rw,rw/" + ScanMode.SECTOR + "/" + 2 * PAGE),
                    ScanCase.parse("btrfs/pwrite/buffered/private/rw,rw,rw/" + OFF + "/" + SIZE)), false,
                    Progress.NONE);
            CopyExactness.transferred(rows.get(0), 2 * PAGE);
            CopyExactness.transferred(rows.get(1), SIZE);
            // the buffered case's file is a new one: O_TRUNC would have kept the NOCOW inode
            assertEquals(0, dev.faultline.oracle.KernelFs.inodeFlags(dir.path().resolve("write.dat"), 0)
                    & dev.faultline.oracle.KernelFs.FS_NOCOW_FL, "FS_NOCOW_FL left on the buffered case's file");
        }
    }

    @Test
    void aBufferPagedOutToItsFileIsABenignFaultOnEveryPage() {
        Needs.available(ScanDir.unavailable("ext4"));
        final Path work = Path.of("target/scan-test");
        for (final String c : List.of("ext4/pread/buffered/pagedout/rw,rw,rw/700/" + SIZE,
                "ext4/pwrite/buffered/pagedout/rw,rw,rw/700/" + SIZE,
                "ext4/pread/direct/pagedout/rw,rw,rw/" + ScanMode.SECTOR + "/" + (3 * PAGE - ScanMode.SECTOR))) {
            final ScanRow r = Scan.runOne(ScanCase.parse(c), false, work);
            CopyExactness.transferred(r, r.scanCase().size());
        }
        // and the fault after it still stops the copy where it is
        CopyExactness.transferred(Scan.runOne(ScanCase.parse("ext4/pread/buffered/pagedout/rw,none,rw/700/" + SIZE),
                false, work), PAGE - OFF);
        // tmpfs keeps its pages without swap: said, not run
        assertEquals("pagedout: MADV_PAGEOUT left a page resident (a RAM file system keeps it without swap)",
                one("tmpfs/pread/buffered/pagedout/rw,rw,rw/700/" + SIZE).note());
    }

    @Test
    void fiemapFillsWholeRecordsAndFailsAtTheFirstOneItCannotStore() {
        Needs.available(ScanDir.unavailable("ext4"));
        final long records = (3 * PAGE - ScanCall.FIEMAP_HEADER) / ScanCall.FIEMAP_RECORD;
        final long size = ScanCall.FIEMAP_HEADER + records * ScanCall.FIEMAP_RECORD;
        // the records that fit in the first page before the PROT_NONE one: the kernel stores those, then EFAULT
        final long before = ScanCall.FIEMAP_HEADER
                + (PAGE - ScanCall.FIEMAP_HEADER) / ScanCall.FIEMAP_RECORD * ScanCall.FIEMAP_RECORD;
        final ScanRow r = Scan.runOne(ScanCase.parse("ext4/fiemap/buffered/private/rw,none,rw/0/" + size), false,
                Path.of("target/scan-test"));
        assertEquals(ScanVerdict.DIRTY, r.verdict(), r::toString);
        assertEquals(List.of(-1L, (long) Rules.EFAULT, before), List.of(r.result().returned(),
                (long) r.result().errno(), r.result().landed()), "EFAULT, the records of the first page stored");
        assertEquals(before, r.possible());
        assertEquals("fiemap-efault", r.finding());
        // a zapped page is a benign fault: every record lands and the call says so
        final ScanRow z = Scan.runOne(ScanCase.parse("ext4/fiemap/buffered/shared/rw,zap,rw/0/" + size), false,
                Path.of("target/scan-test"));
        assertEquals(List.of(ScanVerdict.EXACT, size, size), List.of(z.verdict(), z.result().returned(),
                z.result().landed()), z::toString);
        assertNull(z.finding());
    }
}
