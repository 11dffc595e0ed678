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
    /** madvise's answer to each probe: 0, or the negated errno (EINVAL where pretended missing). */
    private static final long POPULATE_ANSWER = PRETEND.contains("populate") ? -Errno.EINVAL.number()
            : probe(Mman.MADV_POPULATE_READ);
    private static final long GUARD_ANSWER = PRETEND.contains("guard") ? -Errno.EINVAL.number()
            : probe(Mman.MADV_GUARD_INSTALL);
    private static final long GUARD_SHARED_ANSWER = GUARD_ANSWER != 0 ? GUARD_ANSWER
            : probeShared(Mman.MADV_GUARD_INSTALL);
    private static final boolean POPULATE = POPULATE_ANSWER == 0;
    private static final boolean GUARD = GUARD_ANSWER == 0;
    private static final boolean GUARD_SHARED = GUARD_SHARED_ANSWER == 0;

    private KernelFeatures() {
    }

    private static long probe(final int advice) {
        return adviseFreshPage(Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, advice);
    }

    /** Maps one fresh read+write page, gives it the advice, unmaps it: 0 when the kernel took it, else -errno. */
    private static long adviseFreshPage(final int flags, final int fd, final int advice) {
        final long page = Unistd.pageSize();
        final long a = Mman.mmap(0, page, Mman.PROT_READ | Mman.PROT_WRITE, flags, fd, 0);
        if (a < 0) {
            return a;
        }
        try {
            return Mman.madvise(a, page, advice);
        } finally {
            Mman.munmap(a, page);
        }
    }

    /** The same advice on a one-page shared memfd mapping (file-backed guard pages: 6.15+). */
    private static long probeShared(final int advice) {
        final long page = Unistd.pageSize();
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            final long fd = Mman.memfdCreate(arena.allocateFrom("faultline-probe").address(), Mman.MFD_CLOEXEC);
            if (fd < 0) {
                return fd;
            }
            try {
                final long t = Unistd.ftruncate((int) fd, page);
                return t != 0 ? t : adviseFreshPage(Mman.MAP_SHARED, (int) fd, advice);
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

    private static String said(final long answer) {
        return "this kernel said " + Errno.describe((int) -answer);
    }

    /**
     * @return why the MADV_POPULATE-based strategies and measurements cannot run, for a
     *         {@code left out: ...} line; null when they can
     */
    public static String populateWhy() {
        return POPULATE ? null : "MADV_POPULATE_READ/WRITE need Linux 5.14+; " + said(POPULATE_ANSWER);
    }

    /**
     * @param shared whether the mapping is shared or file-backed
     * @return why a guard page cannot be built on such a mapping, for a {@code left out: ...}
     *         line; null when it can
     */
    public static String guardWhy(final boolean shared) {
        if (guard(shared)) {
            return null;
        }
        return shared && GUARD ? "MADV_GUARD_INSTALL on shared or file mappings needs Linux 6.15+; "
                + said(GUARD_SHARED_ANSWER) : "MADV_GUARD_INSTALL needs Linux 6.13+; " + said(GUARD_ANSWER);
    }

    /** @return what was detected, by name: {@code populate}, {@code guard}, {@code guardShared} */
    public static java.util.Map<String, Boolean> detected() {
        final java.util.Map<String, Boolean> m = new java.util.LinkedHashMap<>();
        m.put("populate", POPULATE);
        m.put("guard", GUARD);
        m.put("guardShared", GUARD_SHARED);
        return m;
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
