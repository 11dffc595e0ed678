package dev.faultline.mte;

import dev.faultline.memory.Tagging;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Prctl;
import dev.faultline.sys.SyscallException;

import java.util.Locale;

/**
 * arm64 MTE for this JVM: detection, the per-thread tag-check mode, tags.
 *
 * <p>The mode is per thread (PR_SET_TAGGED_ADDR_CTRL): the thread that probes and copies must
 * set it itself ({@link #enableSync()}); threads created afterwards inherit it, threads that
 * already run do not. Sync mode is requested alone (PR_MTE_TCF_SYNC), so the kernel's uaccess
 * is tag-checked and no per-CPU preference can turn it into async (docs/kernel.md#arm64-mte-modes).
 */
public final class Mte {
    /** The allocation tag layout marks get; region pointers carry tag 0. */
    public static final int MARK_TAG = 0xa;
    /** Include mask for IRG: every non-zero tag (docs example, PR_MTE_TAG_SHIFT = 3). */
    private static final long INCLUDE_NONZERO = 0xfffeL << Prctl.PR_MTE_TAG_SHIFT;

    private static final ThreadLocal<Mode> MODE = new ThreadLocal<>();

    /** Tag-check fault modes. */
    public enum Mode {
        /** No tag checks. */
        NONE(0),
        /** Synchronous: the faulting access is reported (uaccess returns a short count). */
        SYNC(Prctl.PR_MTE_TCF_SYNC),
        /** Asynchronous: reported later; the kernel's uaccess is not checked. */
        ASYNC(Prctl.PR_MTE_TCF_ASYNC),
        /**
         * Both bits: the kernel picks per CPU from /sys/devices/system/cpu/cpuN/mte_tcf_preferred,
         * which gives asymmetric mode (reads sync, writes async) on CPUs with HWCAP2_MTE3 whose
         * preference says so (docs/kernel.md#arm64-mte-modes).
         */
        ASYMM(Prctl.PR_MTE_TCF_SYNC | Prctl.PR_MTE_TCF_ASYNC);

        private final long tcf;

        Mode(final long tcf) {
            this.tcf = tcf;
        }
    }

    private Mte() {
    }

    private static final class Holder {
        static final MteStatus STATUS = MteStatus.detect();
    }

    private static final class Code {
        static final TagCode CODE = new TagCode();
    }

    /** @return this machine's MTE status (detected once) */
    public static MteStatus status() {
        return Holder.STATUS;
    }

    /** @return whether tagged regions and tag-checked probes work here */
    public static boolean available() {
        return status().available();
    }

    private static void require() {
        if (!available()) {
            throw new IllegalStateException("MTE is not available here: " + status().reason());
        }
    }

    /**
     * Sets this thread's mode: tagged-address ABI on, the given tag-check mode.
     *
     * @throws IllegalStateException without MTE, or when prctl refuses (with errno)
     */
    public static void setMode(final Mode mode) {
        require();
        final long flags = Prctl.PR_TAGGED_ADDR_ENABLE | mode.tcf | INCLUDE_NONZERO;
        final long r = Prctl.prctl(Prctl.PR_SET_TAGGED_ADDR_CTRL, flags, 0, 0, 0);
        if (r < 0) {
            throw new IllegalStateException(String.format(Locale.ENGLISH,
                    "prctl(PR_SET_TAGGED_ADDR_CTRL, 0x%x) failed: %s", flags, Errno.describe((int) -r)));
        }
        MODE.set(mode);
    }

    /** Sets sync mode on this thread once. */
    public static void enableSync() {
        if (MODE.get() != Mode.SYNC) {
            setMode(Mode.SYNC);
        }
    }

    /** @return this thread's control word as the kernel reports it (PR_GET_TAGGED_ADDR_CTRL) */
    public static long control() {
        require();
        return SyscallException.check("prctl", Prctl.prctl(Prctl.PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0), "PR_GET_TAGGED_ADDR_CTRL");
    }

    /**
     * @return {@code addr} with logical tag {@code tag} in bits 59:56
     */
    public static long withTag(final long addr, final int tag) {
        if (tag < 0 || tag > 15) {
            throw new IllegalArgumentException("MTE tags are 0..15: tag=" + tag);
        }
        return (addr & ~(0xfL << 56)) | ((long) tag << 56);
    }

    /** @return the allocation tag of the granule at {@code addr} (LDG) */
    public static int tagOf(final long addr) {
        require();
        return Code.CODE.tagOf(addr);
    }

    /**
     * Sets the allocation tag of {@code [addr, addr+len)} (STG per granule).
     *
     * @throws IllegalArgumentException for unaligned or empty ranges (with the values)
     */
    public static void setTags(final long addr, final long len, final int tag) {
        require();
        if ((addr & 15) != 0 || len <= 0 || (len & 15) != 0) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "MTE tags cover whole 16-byte granules: addr=0x%x len=%d", addr, len));
        }
        Code.CODE.setTags(withTag(addr, tag), len);
    }

    /** @return the tag writer regions use, or null without MTE */
    public static Tagging tagging() {
        if (!available()) {
            return null;
        }
        return new Tagging() {
            @Override
            public int protMte() {
                return Mman.PROT_MTE;
            }

            @Override
            public int markTag() {
                return MARK_TAG;
            }

            @Override
            public void setTags(final long addr, final long len, final int tag) {
                Mte.setTags(addr, len, tag);
            }
        };
    }
}
