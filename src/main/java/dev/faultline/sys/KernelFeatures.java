package dev.faultline.sys;

import java.util.Arrays;
import java.util.List;

/**
 * Kernel features Faultline depends on, detected by calling them (never by parsing version
 * strings: features get backported), with the one line to print when one is missing.
 *
 * <p>{@code -Dfaultline.pretendMissing=populate,guard} makes the detection answer as a kernel
 * without them would: that is how the tests check the messages on a kernel that has both.
 */
public final class KernelFeatures {
    private static final List<String> PRETEND = Arrays.asList(
            System.getProperty("faultline.pretendMissing", "").split(","));
    private static final boolean POPULATE = !PRETEND.contains("populate") && probe(Mman.MADV_POPULATE_READ);
    private static final boolean GUARD = !PRETEND.contains("guard") && probe(Mman.MADV_GUARD_INSTALL);
    private static final boolean GUARD_SHARED = GUARD && probeShared(Mman.MADV_GUARD_INSTALL);

    private KernelFeatures() {
    }

    private static boolean probe(final int advice) {
        return adviseFreshPage(Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, advice);
    }

    /** Maps one fresh read+write page, gives it the advice, unmaps it: whether the kernel took it. */
    private static boolean adviseFreshPage(final int flags, final int fd, final int advice) {
        final long page = Unistd.pageSize();
        final long a = Mman.mmap(0, page, Mman.PROT_READ | Mman.PROT_WRITE, flags, fd, 0);
        if (a < 0) {
            return false;
        }
        try {
            return Mman.madvise(a, page, advice) == 0;
        } finally {
            Mman.munmap(a, page);
        }
    }

    /** The same advice on a one-page shared memfd mapping (file-backed guard pages: 6.15+). */
    private static boolean probeShared(final int advice) {
        final long page = Unistd.pageSize();
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            final long fd = Mman.memfdCreate(arena.allocateFrom("faultline-probe").address(), Mman.MFD_CLOEXEC);
            if (fd < 0) {
                return false;
            }
            try {
                return Unistd.ftruncate((int) fd, page) == 0 && adviseFreshPage(Mman.MAP_SHARED, (int) fd, advice);
            } finally {
                Unistd.close((int) fd);
            }
        }
    }

    /** @return whether MADV_POPULATE_READ/WRITE work (Linux 5.14+) */
    public static boolean populate() {
        return POPULATE;
    }

    /** @return whether MADV_GUARD_INSTALL works on private anonymous memory (Linux 6.13+) */
    public static boolean guard() {
        return GUARD;
    }

    /**
     * @param shared whether the mapping is shared or file-backed (shared anonymous memory is a
     *               shmem file too)
     * @return whether MADV_GUARD_INSTALL works on such a mapping (private anonymous: 6.13+;
     *         shared and file mappings: 6.15+)
     */
    public static boolean guard(final boolean shared) {
        return shared ? GUARD_SHARED : GUARD;
    }

    /**
     * @param what what needs it, for the message
     * @throws IllegalArgumentException with one line that says what to do, when missing
     */
    public static void requirePopulate(final String what) {
        if (!POPULATE) {
            throw new IllegalArgumentException("MADV_POPULATE_READ/WRITE need Linux 5.14 or newer and this kernel"
                    + " answered EINVAL: " + what + " cannot run here; use the page or first-byte strategies,"
                    + " or a newer kernel");
        }
    }
}
