package dev.faultline.loops;

/**
 * gfs2 direct read of a hole or of inline ("stuffed") data (gfs2_file_direct_read, fs/gfs2/file.c,
 * lines 811-872 of 6.12): iomap direct I/O with IOMAP_DIO_PARTIAL under page faults disabled,
 * where no block is mapped, so no bio and no GUP pin moves the data: iomap_dio_hole_iter stores
 * zeros with {@code iov_iter_zero} and iomap_dio_inline_iter copies the inode's data with
 * {@code copy_to_iter} (fs/iomap/direct-io.c, 6.12 lines 462-500) — both a uaccess, byte-granular
 * and tag-checked, modelled by the configured no-fault copy. A call that stores nothing returns
 * -EFAULT ({@code if (!length) return -EFAULT}). Around it the {@link Gfs2Retry} window loop with
 * fault_in_iov_iter_writeable (the {@code gup} strategy, tag-blind) and no progress rule: the
 * gfs2-read livelock on a mismatched MTE granule, reached through O_DIRECT on a sparse file.
 *
 * <p>Two differences from the buffered read: O_DIRECT returns the last call's -EFAULT rather than
 * what earlier rounds read ("User space doesn't expect partial success"), and before v5.16 there
 * is no retry loop: iomap_dio_rw runs once with page faults enabled and iomap_dio_hole_actor
 * returns what it stored (5.10), which is 0 — not -EFAULT — when the first byte cannot be stored;
 * the model reports that as EFAULT with 0 bytes, as the oracle reads a 0 from the kernel. On arm64
 * that era's {@code __arch_clear_user} (arch/arm64/lib/clear_user.S before its v5.17 rewrite)
 * returns the original size from its fixup — nothing stored, whatever it stored before the fault —
 * so there a hole read that meets any fault in the buffer returns 0 (measured on Debian's 5.10.223
 * with a mismatched granule at byte 128: {@code pread} returned 0 of 12288).
 */
public final class Gfs2DirectHoleRead extends Gfs2UaccessRead {
    private final boolean inline;

    /** The read of a hole (iov_iter_zero). */
    public Gfs2DirectHoleRead() {
        this(false);
    }

    /**
     * @param inline whether the data is inline (copy_to_iter from the inode block) rather than a
     *               hole (iov_iter_zero): only the hole's pre-v5.17 arm64 clear_user fixup reports
     *               nothing stored after a fault
     */
    public Gfs2DirectHoleRead(final boolean inline) {
        this.inline = inline;
    }

    @Override
    public LoopName id() {
        return LoopName.GFS2_DIO_HOLE;
    }

    @Override
    boolean lastFaultDiscardsRead() {
        return true;
    }

    /** 5.10 on arm64: the old clear_user's fixup reports nothing stored after any fault. */
    @Override
    long reported(final long stored, final long size) {
        return !inline && stored < size && dev.faultline.sys.Arch.isArm64() ? 0 : stored;
    }
}
