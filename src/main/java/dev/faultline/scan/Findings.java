package dev.faultline.scan;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which finding page (native-notes/findings/NAME.md) explains an anomaly of the scan. A page is
 * matched by what the row is (file system, direction, mode, MTE marks, verdict), never by the case
 * that first showed it: a row that matches no page is {@link #NONE_YET}, the start of a new one.
 */
public final class Findings {
    /** An anomaly that no finding page explains yet. */
    public static final String NONE_YET = "none yet";

    /** A finding page and the rows it explains. */
    private record Page(String name, Predicate<ScanRow> explains) {
    }

    private static final List<Page> PAGES = List.of(
            // gfs2_file_read_iter: the nofault copy and a tag-blind GUP fault-in, retried without end
            new Page("gfs2-read-mte", r -> fs(r, "gfs2") && !writes(r) && buffered(r) && marked(r) && spins(r)
                    && !r.scanCase().call().records()),
            // btrfs_buffered_write (6.13+, c87c299776e4): a short copy into a folio that is not uptodate is reverted and retried
            new Page("btrfs-write-mte", r -> fs(r, "btrfs") && writes(r) && marked(r) && spins(r)),
            // gfs2's buffered write on 5.10 (and its direct write, which falls back to it): iomap_write_actor
            // refuses a short copy into a page that is not uptodate and retries the same bytes
            new Page("gfs2-write-mte", r -> fs(r, "gfs2") && writes(r) && marked(r) && spins(r)),
            // before 5.16 generic_perform_write and iomap_write_actor retry a short copy that write_end rejected
            // (a page not uptodate) after a page-granular fault-in: xfs, f2fs, vfat, exfat
            new Page("write-mte-510", r -> file(r) && writes(r) && marked(r) && spins(r) && !fs(r, "btrfs")
                    && !dev.faultline.oracle.KernelFs.kernelAtLeast(5, 16)),
            // ext4 O_DIRECT write: EFAULT returned after the bytes before the fault reached the file
            new Page("ext4-dio-write-efault", r -> fs(r, "ext4") && writes(r) && !buffered(r)
                    && r.verdict() == ScanVerdict.DIRTY),
            // btrfs direct write on 6.1 after a benign fault: the full count returned, the first page's data gone
            new Page("btrfs-dio-zap-loss", r -> fs(r, "btrfs") && writes(r) && !buffered(r)
                    && r.verdict() == ScanVerdict.OVERREPORT),
            // xfs direct write on 6.12 from a buffer whose later page faults: the count of the bytes before the
            // fault returned, the file holding zeros there
            new Page("xfs-dio-write-loss", r -> fs(r, "xfs") && writes(r) && !buffered(r)
                    && r.verdict() == ScanVerdict.OVERREPORT),
            // f2fs direct write on 5.10 to a new file: the tag-checked fault-in fails at a page start, FI_NO_PREALLOC
            // skips the inline inode's conversion, the full count is returned, the file holds zeros and is corrupt
            new Page("f2fs-dio-inline-mte", r -> fs(r, "f2fs") && writes(r) && !buffered(r) && marked(r)
                    && r.verdict() == ScanVerdict.OVERREPORT),
            // btrfs direct write before 6.12: the pages before the fault reach the file behind an EFAULT
            new Page("btrfs-dio-size", r -> fs(r, "btrfs") && writes(r) && !buffered(r)
                    && r.verdict() == ScanVerdict.DIRTY),
            // gfs2_file_direct_read of a hole or stuffed inode: tag-checked copies, a tag-blind fault-in
            new Page("gfs2-dio-hole-mte", r -> fs(r, "gfs2") && !writes(r) && !buffered(r) && spins(r)),
            // gfs2_fiemap's retry loop: a tag-checked record store, a tag-blind fault-in of the array, a restart
            new Page("gfs2-fiemap-mte", r -> fs(r, "gfs2") && r.scanCase().call() == ScanCall.FIEMAP && spins(r)),
            // FS_IOC_FIEMAP fails with EFAULT at the first record it cannot store, the records before it filled
            new Page("fiemap-efault", r -> r.scanCase().call() == ScanCall.FIEMAP && r.verdict() == ScanVerdict.DIRTY
                    && r.result().returned() < 0 && r.result().outside() == 0),
            // btrfs search_ioctl before 5.19: a page-granular fault-in of the buffer, a nofault copy of each item
            new Page("btrfs-search-mte", r -> r.scanCase().call() == ScanCall.TREE_SEARCH && marked(r) && spins(r)),
            // read_kcore_iter's vmalloc loop: a tag-checked nofault copy, a tag-blind fault-in, no end
            new Page("kcore-vmalloc-mte", r -> r.scanCase().call() == ScanCall.KCORE_READ && marked(r) && spins(r)),
            // search_ioctl faults the whole buffer in first: fault_in_writeable's zeros before the bad page, then EFAULT
            new Page("tree-search-efault", r -> r.scanCase().call() == ScanCall.TREE_SEARCH
                    && r.verdict() == ScanVerdict.DIRTY && r.result().returned() < 0 && r.result().outside() == 0),
            // futex_lock_pi: a tag-checked load with page faults disabled, a tag-blind GUP fault-in
            // (fault_in_user_writeable), a retry with no signal check: SIGKILL does not end it
            new Page("futex-lock-pi-mte", r -> r.scanCase().call() == ScanCall.FUTEX_LOCK_PI && marked(r) && spins(r)),
            // read_kcore_iter returns -EFAULT when its fault-in fails, after copying the bytes before the fault
            new Page("kcore-read-efault", r -> r.scanCase().call() == ScanCall.KCORE_READ
                    && r.verdict() == ScanVerdict.DIRTY && r.result().returned() < 0 && r.result().outside() == 0),
            // 7.3's fs/ntfs: ntfs_file_write_iter sizes the file for the whole request before the copy and undoes
            // that only on a synchronous error, so a short write, or an io_uring O_DIRECT write that fails after
            // -EIOCBQUEUED, leaves the file longer than what was written (zeros)
            new Page("ntfs-short-write-size", r -> fs(r, "ntfs") && writes(r) && file(r)
                    && r.verdict() == ScanVerdict.DIRTY),
            // iomap and btrfs direct reads fail the whole request when a later page faults, after the
            // blocks before it were read into the buffer
            new Page("dio-read-efault", r -> !writes(r) && !buffered(r) && r.verdict() == ScanVerdict.DIRTY
                    && r.result().returned() < 0 && r.result().outside() == 0));

    private Findings() {
    }

    /** @return the page that explains the row, {@link #NONE_YET}, or null when the row is no anomaly */
    static String of(final ScanRow r) {
        if (r.verdict() == null || !r.verdict().anomaly()) {
            return null;
        }
        return PAGES.stream().filter(p -> p.explains().test(r)).map(Page::name).findFirst().orElse(NONE_YET);
    }

    private static boolean fs(final ScanRow r, final String fs) {
        return r.scanCase().fs().equals(fs);
    }

    private static boolean writes(final ScanRow r) {
        return r.scanCase().call().writes();
    }

    private static boolean file(final ScanRow r) {
        return r.scanCase().call().where() == ScanCall.Where.FILE;
    }

    private static boolean buffered(final ScanRow r) {
        return r.scanCase().mode() == ScanMode.BUFFERED;
    }

    private static boolean marked(final ScanRow r) {
        return r.scanCase().layout().contains("~");
    }

    private static boolean spins(final ScanRow r) {
        return r.verdict() == ScanVerdict.LIVELOCK || r.verdict() == ScanVerdict.UNKILLABLE;
    }
}
