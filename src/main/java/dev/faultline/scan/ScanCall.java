package dev.faultline.scan;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kernel calls a scan case makes, as the driver names them. The file calls read or write file
 * offset 0 of a file on the file system under test; the others reach the census's other no-fault
 * copy loops (docs/census.md): btrfs's tree search on btrfs, the rest on no file system
 * ({@link #NO_FS}).
 */
public enum ScanCall {
    /** read(2): into the buffer. */
    READ("read", false, Where.FILE, Shape.BYTES),
    /** write(2): from the buffer. */
    WRITE("write", true, Where.FILE, Shape.BYTES),
    /** pread64(2). */
    PREAD("pread", false, Where.FILE, Shape.BYTES),
    /** pwrite64(2). */
    PWRITE("pwrite", true, Where.FILE, Shape.BYTES),
    /** readv(2), the request split into two iovecs at its middle (a 512-byte multiple for O_DIRECT). */
    READV("readv", false, Where.FILE, Shape.BYTES),
    /** writev(2), split likewise. */
    WRITEV("writev", true, Where.FILE, Shape.BYTES),
    /** preadv2(2) with flags 0, split likewise. */
    PREADV2("preadv2", false, Where.FILE, Shape.BYTES),
    /** pwritev2(2) with flags 0, split likewise. */
    PWRITEV2("pwritev2", true, Where.FILE, Shape.BYTES),
    /** io_uring IORING_OP_READ (5.6+), one SQE, waited for with io_uring_enter. */
    IO_URING_READ("io_uring-read", false, Where.FILE, Shape.BYTES),
    /** io_uring IORING_OP_WRITE (5.6+). */
    IO_URING_WRITE("io_uring-write", true, Where.FILE, Shape.BYTES),
    /**
     * ioctl(FS_IOC_FIEMAP) of a file of one-block extents between holes, into the request: a
     * {@value #FIEMAP_HEADER}-byte struct fiemap, then {@value #FIEMAP_RECORD}-byte extent records
     * (include/uapi/linux/fiemap.h); the kernel writes the buffer, one record at a time
     * (fs/ioctl.c fiemap_fill_next_extent; gfs2 retries, fs/gfs2/inode.c gfs2_fiemap).
     */
    FIEMAP("fiemap", false, Where.FILE, Shape.RECORDS),
    /**
     * ioctl(BTRFS_IOC_TREE_SEARCH_V2) for the EXTENT_DATA items of the same file, into the request:
     * a {@value #SEARCH_HEADER}-byte struct btrfs_ioctl_search_args_v2, then {@value #SEARCH_RECORD}-byte
     * items (a 32-byte search header and a 53-byte btrfs_file_extent_item; include/uapi/linux/btrfs.h,
     * btrfs_tree.h) copied with copy_to_user_nofault and retried after a fault-in (fs/btrfs/ioctl.c
     * search_ioctl). CAP_SYS_ADMIN.
     */
    TREE_SEARCH("tree-search", false, Where.BTRFS, Shape.RECORDS),
    /**
     * pread(2) of /proc/kcore at a vmalloc area (fs/proc/kcore.c read_kcore_iter: vread_iter's nofault
     * copy, a fault-in, a retry; v6.4+). CAP_SYS_RAWIO.
     */
    KCORE_READ("kcore-read", false, Where.NO_FS, Shape.BYTES),
    /**
     * ioctl(UFFDIO_COPY) from the request into a registered anonymous range, in whole pages
     * (mm/userfaultfd.c mfill_atomic: a copy_from_user with page faults disabled, then the whole
     * page copied with faults allowed, then a retry); the kernel reads the buffer.
     */
    UFFDIO_COPY("uffdio-copy", true, Where.NO_FS, Shape.RECORDS),
    /** futex(FUTEX_WAIT) on the word, with a value it does not hold: EAGAIN once the kernel read it. */
    FUTEX_WAIT("futex-wait", true, Where.NO_FS, Shape.WORD),
    /** futex(FUTEX_CMP_REQUEUE) with the word as uaddr and its value as val3: the kernel reads it. */
    FUTEX_REQUEUE("futex-requeue", true, Where.NO_FS, Shape.WORD),
    /** futex(FUTEX_WAKE_OP) with the word as uaddr2, FUTEX_OP_SET: the kernel's atomic op writes it. */
    FUTEX_WAKE_OP("futex-wake-op", false, Where.NO_FS, Shape.WORD),
    /** futex(FUTEX_LOCK_PI) on a word of 0: the kernel's cmpxchg stores the caller's tid. */
    FUTEX_LOCK_PI("futex-lock-pi", false, Where.NO_FS, Shape.WORD),
    /** futex(FUTEX_UNLOCK_PI) on a word holding the caller's tid: the kernel stores 0. */
    FUTEX_UNLOCK_PI("futex-unlock-pi", false, Where.NO_FS, Shape.WORD),
    /**
     * A thread exits holding the word as a robust futex (set_robust_list): the kernel sets
     * FUTEX_OWNER_DIED in it (kernel/futex/core.c handle_futex_death). It reports nothing: the count is
     * what landed.
     */
    FUTEX_ROBUST_EXIT("futex-robust-exit", false, Where.NO_FS, Shape.WORD),
    /**
     * rt_sigreturn(2) restoring the FPU state from a frame in the request (x86-64 only;
     * arch/x86/kernel/fpu/signal.c restore_fpregs_from_user: XRSTOR with page faults disabled, a
     * fault-in, a retry); the kernel reads the whole frame or fails with SIGSEGV, counted as EFAULT.
     */
    SIGRETURN("sigreturn", true, Where.NO_FS, Shape.FRAME),
    /**
     * A signal delivered on an alternate stack whose frame's FPU state is the request (x86-64 only;
     * arch/x86/kernel/fpu/signal.c copy_fpstate_to_sigframe: XSAVE with page faults disabled, a
     * __clear_user of the frame, a retry); the kernel writes the whole state or the delivery fails
     * with SIGSEGV, counted as EFAULT.
     */
    SIGFRAME("sigframe", false, Where.NO_FS, Shape.FRAME);

    /** sizeof(struct fiemap), include/uapi/linux/fiemap.h. */
    public static final long FIEMAP_HEADER = 32;
    /** sizeof(struct fiemap_extent), include/uapi/linux/fiemap.h. */
    public static final long FIEMAP_RECORD = 56;
    /** sizeof(struct btrfs_ioctl_search_args_v2) without its buffer, include/uapi/linux/btrfs.h: 104 + 8. */
    public static final long SEARCH_HEADER = 112;
    /**
     * sizeof(struct btrfs_ioctl_search_header) + sizeof(struct btrfs_file_extent_item) of a regular
     * extent, include/uapi/linux/btrfs.h and btrfs_tree.h: 32 + 53.
     */
    public static final long SEARCH_RECORD = 85;
    /** The bytes of a futex word (include/uapi/linux/futex.h: a u32). */
    public static final long WORD = 4;
    /** The file system name of the cases that need none. */
    public static final String NO_FS = "none";

    /** Where a call runs. */
    public enum Where {
        /** on a file of every file system */
        FILE,
        /** on a file of btrfs only */
        BTRFS,
        /** on no file system ({@link ScanCall#NO_FS}) */
        NO_FS
    }

    /** What a request is. */
    public enum Shape {
        /** bytes, counted one by one */
        BYTES,
        /** a header, then whole records: what a call fills stops at the record a fault cuts */
        RECORDS,
        /** one futex word at the fault */
        WORD,
        /** a signal frame's FPU state, taken whole or not at all */
        FRAME
    }

    private final String word;
    private final boolean readsOnly;
    private final Where where;
    private final Shape shape;

    ScanCall(final String word, final boolean readsOnly, final Where where, final Shape shape) {
        this.word = word;
        this.readsOnly = readsOnly;
        this.where = where;
        this.shape = shape;
    }

    /** @return the name on the command line and in the driver */
    public String word() {
        return word;
    }

    /** @return where the call runs */
    public Where where() {
        return where;
    }

    /** @return what its request is */
    public Shape shape() {
        return shape;
    }

    /** @return whether the call runs on the file system {@code fs} */
    public boolean runsOn(final String fs) {
        return switch (where) {
            case FILE -> !fs.equals(NO_FS);
            case BTRFS -> fs.equals("btrfs");
            case NO_FS -> fs.equals(NO_FS);
        };
    }

    /** @return whether the call is made on a file opened with or without O_DIRECT (the file calls but fiemap) */
    public boolean takesDirect() {
        return where == Where.FILE && shape == Shape.BYTES;
    }

    /** @return whether the call fills a header and whole records (no byte counts) */
    public boolean records() {
        return shape == Shape.RECORDS;
    }

    /** @return the header's bytes of a call of records, else 0 */
    public long header() {
        return switch (this) {
            case FIEMAP -> FIEMAP_HEADER;
            case TREE_SEARCH -> SEARCH_HEADER;
            default -> 0;
        };
    }

    /** @return the record's bytes of a call of records (UFFDIO_COPY: a page), else 1 */
    public long record(final long page) {
        return switch (this) {
            case FIEMAP -> FIEMAP_RECORD;
            case TREE_SEARCH -> SEARCH_RECORD;
            case UFFDIO_COPY -> page;
            default -> 1;
        };
    }

    /**
     * @param bytes the bytes of the buffer from the request's start the kernel can reach
     * @param size  the request's length
     * @param page  the page size
     * @return what the call can do with them: a call of records the header and the whole records
     *         before the first byte it cannot reach (0 when not even the header fits); a frame all
     *         of it or nothing; other calls {@code bytes}
     */
    public long possible(final long bytes, final long size, final long page) {
        return switch (shape) {
            case RECORDS -> bytes < header() ? 0 : header() + (bytes - header()) / record(page) * record(page);
            case FRAME -> bytes < size ? 0 : size;
            default -> bytes;
        };
    }

    /**
     * @return whether the kernel only reads the buffer (a write of the file from it, a copy out of
     *         it, a futex word it only loads, a frame it restores); otherwise it stores to it
     */
    public boolean writes() {
        return readsOnly;
    }

    /** @return the operation as the known-unkillable list names it ({@code read}, {@code write}, or the call) */
    public String operation() {
        if (where == Where.FILE && shape == Shape.BYTES) {
            return readsOnly ? "write" : "read";
        }
        return word;
    }

    /**
     * @return the call of that name
     * @throws IllegalArgumentException naming the known calls
     */
    public static ScanCall of(final String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scan call \"" + word + "\"; use "
                        + Arrays.stream(values()).map(ScanCall::word).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return word;
    }
}
