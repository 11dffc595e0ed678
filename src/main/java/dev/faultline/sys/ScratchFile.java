package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * A per-thread memfd through which the kernel's own uaccess copies are driven:
 * {@code pwrite(fd, user, n)} makes the kernel copy_from_user the user buffer,
 * {@code pread(fd, user, n)} makes it copy_to_user into it. tmpfs is RAM-backed, so the
 * copies are tag-checked under arm64 MTE sync mode, and tmpfs accepts short copies at byte
 * precision (shmem_write_end keeps a partial folio). Each thread has its own file, so copies
 * from several threads never share offsets; the fd is closed by a Cleaner when the thread's
 * holder is collected. Results follow {@link Native}: bytes, or {@code -errno}.
 */
public final class ScratchFile {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<ScratchFile> PER_THREAD = ThreadLocal.withInitial(ScratchFile::new);

    /** A file offset that is never written: a hole that reads as zeros. */
    public static final long ZERO_OFFSET = 1L << 40;
    /**
     * Zeros readable at {@link #ZERO_OFFSET}: more than the most one-byte zero stores one
     * {@link #zeroEach} issues (IOV_MAX = 1024); a byte count, not a page.
     */
    private static final long ZERO_BYTES = 4096;

    private final int fd;

    private ScratchFile() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment name = arena.allocateFrom("faultline-scratch");
            fd = (int) SyscallException.check("memfd_create", Mman.memfdCreate(name.address(), Mman.MFD_CLOEXEC),
                    "name=faultline-scratch");
        }
        SyscallException.check("ftruncate", Unistd.ftruncate(fd, ZERO_OFFSET + ZERO_BYTES), "scratch size");
        final int f = fd;
        CLEANER.register(this, () -> Unistd.close(f));
    }

    /** @return this thread's scratch file */
    public static ScratchFile get() {
        return PER_THREAD.get();
    }

    /** @return the fd (for tests that count fds) */
    public int fd() {
        return fd;
    }

    /**
     * The kernel reads {@code n} bytes of user memory at {@code user} (copy_from_user) into
     * the file at offset 0.
     *
     * @return bytes the kernel could read (a prefix), or {@code -errno}
     */
    public long fromUser(final long user, final long n) {
        return fromUser(user, n, 0);
    }

    /**
     * As {@link #fromUser(long, long)}, into the file at {@code fileOffset}.
     *
     * @return bytes the kernel could read, or {@code -errno}
     */
    public long fromUser(final long user, final long n, final long fileOffset) {
        return Unistd.pwrite(fd, user, n, fileOffset);
    }

    /**
     * The kernel stores the file's first {@code n} bytes at {@code user} (copy_to_user).
     * The file must hold at least {@code n} bytes: call {@link #load} first.
     *
     * @return bytes the kernel could store (a prefix), or {@code -errno}
     */
    public long toUser(final long user, final long n) {
        return toUser(user, n, 0);
    }

    /**
     * As {@link #toUser(long, long)}, from the file at {@code fileOffset}.
     *
     * @return bytes the kernel could store, or {@code -errno}
     */
    public long toUser(final long user, final long n, final long fileOffset) {
        return Unistd.pread(fd, user, n, fileOffset);
    }

    /**
     * The kernel stores one zero byte at {@code user} (copy_to_user from a hole of the file:
     * the {@code put_user(0)} of fault_in_writeable).
     *
     * @return 1, or {@code -errno}
     */
    public long zeroToUser(final long user) {
        return Unistd.pread(fd, user, 1, ZERO_OFFSET);
    }

    /**
     * The kernel reads one byte at each of {@code count} user addresses (pwritev of 1-byte
     * iovecs, uaccess) and stops at the first it cannot read.
     *
     * @param iov {@code count} iovecs, each of length 1
     * @return how many leading iovecs it could read, or {@code -errno} when not the first
     */
    public long loadEach(final long iov, final int count) {
        return Uio.pwritev(fd, iov, count, 0);
    }

    /**
     * The kernel stores a zero byte at each of {@code count} user addresses (preadv from the
     * zero hole into 1-byte iovecs, uaccess) and stops at the first it cannot store to.
     *
     * @return how many leading iovecs it could store to, or {@code -errno} when not the first
     */
    public long zeroEach(final long iov, final int count) {
        return Uio.preadv(fd, iov, count, ZERO_OFFSET);
    }

    /** Puts {@code n} bytes of caller-owned memory at the file's start. */
    public void load(final MemorySegment src, final long n) {
        long done = 0;
        while (done < n) {
            done += SyscallException.check("pwrite", Unistd.pwrite(fd, src.address() + done, n - done, done), "scratch load");
        }
    }

    /** Copies the file's first {@code n} bytes into caller-owned memory. */
    public void unload(final MemorySegment dst, final long n) {
        unload(dst, n, 0);
    }

    /** Copies {@code n} bytes of the file from {@code fileOffset} into caller-owned memory. */
    public void unload(final MemorySegment dst, final long n, final long fileOffset) {
        long done = 0;
        while (done < n) {
            final long r = SyscallException.check("pread", Unistd.pread(fd, dst.address() + done, n - done,
                    fileOffset + done), "scratch unload");
            if (r == 0) {
                throw new IllegalStateException("scratch file shorter than " + n + " bytes");
            }
            done += r;
        }
    }
}
