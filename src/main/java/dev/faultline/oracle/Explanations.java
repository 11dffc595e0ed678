package dev.faultline.oracle;

import dev.faultline.loops.Outcome;
import dev.faultline.loops.Verdict;
import dev.faultline.sys.Arch;

/**
 * Why a file loop's real kernel path and its model disagree, when the cause is known: each
 * explanation names the kernel code (docs/kernel.md) that makes the difference. A disagreement no
 * explanation fits gets {@link Oracle#UNEXPLAINED}.
 */
final class Explanations {
    private Explanations() {
    }

    /**
     * @param loop   the real path
     * @param model  the model's run
     * @param kernel the real call's verdict
     * @param kbytes its byte count
     * @param landed for reads: the leading bytes of the buffer that hold the file's data
     * @return the explanation
     */
    static String of(final OracleLoop loop, final Outcome model, final Verdict kernel, final long kbytes,
                                  final long landed) {
        final String why = known(loop, model, kernel, kbytes, landed);
        return why == null ? Oracle.UNEXPLAINED : why;
    }

    /**
     * The note of a row whose bytes agree and whose model verdict (STUCK) says more than the kernel can
     * show: the known cause where there is one, else what STUCK means.
     */
    static String namedMore(final OracleLoop loop, final Outcome model, final Verdict kernel, final long kbytes,
                            final long landed) {
        final String why = known(loop, model, kernel, kbytes, landed);
        return why != null ? why : "same bytes; the model's verdict says more: the loop returned " + kbytes
                + " bytes although " + model.possible() + " were possible (STUCK); a short count is all the kernel"
                + " can show";
    }

    private static String known(final OracleLoop loop, final Outcome model, final Verdict kernel, final long kbytes,
                                final long landed) {
        if (loop == OracleLoop.PERFORM_WRITE && kernel == Verdict.SHORT && model.verdict() == Verdict.STUCK
                && model.bytes() == kbytes) {
            return "same bytes; the model's verdict says more: before 5.16 generic_perform_write faulted in the"
                    + " whole chunk and gave up on any failure, so it returned early although the chunk's readable"
                    + " prefix could have been written (STUCK); a short count is all the kernel can show";
        }
        if (loop == OracleLoop.BTRFS_DIO_WRITE && kernel == Verdict.SHORT && model.verdict() == Verdict.STUCK
                && model.bytes() == kbytes) {
            return "same bytes; the model's verdict says more: btrfs_buffered_write faults in a whole chunk (one page"
                    + " of the file position from v6.15, eight pages before) and stops at the first chunk with a byte"
                    + " it cannot read, although that chunk's readable prefix could have been written (STUCK); a"
                    + " short count is all the kernel can show";
        }
        if (loop == OracleLoop.BUFFERED_READ && Arch.isArm64() && kernel == Verdict.SHORT && model.bytes() > kbytes
                && model.bytes() - kbytes < 16 && landed >= kbytes) {
            return "arm64's copy_to_user reported up to 15 bytes fewer than it could store (its 16-byte copy fuzz"
                    + " before 295cf156231c, v5.14; docs/kernel.md#uaccess-copy-contract): `landed` shows what it stored";
        }
        if (loop == OracleLoop.DIO && kernel == Verdict.EFAULT && model.bytes() > 0) {
            return "this file system calls iomap_dio_rw without IOMAP_DIO_PARTIAL: a fault after some blocks fails the whole"
                    + " request with EFAULT although the blocks before the fault were read into the buffer (see"
                    + " `landed`); the model is gfs2's loop, which asks for partial results and keeps the count";
        }
        if (loop == OracleLoop.DIO && kernel == Verdict.SHORT && model.verdict() == Verdict.COMPLETE) {
            return "this file system served O_DIRECT like a buffered read: the count stops at the mismatched MTE"
                    + " granule (a tag-checked copy, no GUP), where GUP-based direct I/O ignores tags";
        }
        if (loop == OracleLoop.DIO && model.verdict() == Verdict.LIVELOCK) {
            return "the model's gfs2 retry loop spins on a block it can never pin; this file system has no retry loop and"
                    + " returns " + (kbytes > 0 ? kbytes + " bytes" : "EFAULT");
        }
        return null;
    }
}
