package dev.faultline.sys;

/** prctl and auxv constants; include/uapi/linux/prctl.h and include/uapi/linux/auxvec.h. */
public final class Prctl {
    /** include/uapi/linux/prctl.h: set the tagged address ABI and MTE mode of this thread. */
    public static final int PR_SET_TAGGED_ADDR_CTRL = 55;
    /** include/uapi/linux/prctl.h: read it back. */
    public static final int PR_GET_TAGGED_ADDR_CTRL = 56;
    /** include/uapi/linux/prctl.h: accept tagged pointers in syscalls. */
    public static final long PR_TAGGED_ADDR_ENABLE = 1L;
    /** include/uapi/linux/prctl.h: MTE tag check fault mode shift. */
    public static final int PR_MTE_TCF_SHIFT = 1;
    /** include/uapi/linux/prctl.h: synchronous tag check faults. */
    public static final long PR_MTE_TCF_SYNC = 1L << 1;
    /** include/uapi/linux/prctl.h: asynchronous tag check faults. */
    public static final long PR_MTE_TCF_ASYNC = 1L << 2;
    /** include/uapi/linux/prctl.h: mask of the TCF bits. */
    public static final long PR_MTE_TCF_MASK = 6L;
    /** include/uapi/linux/prctl.h: shift of the IRG include mask. */
    public static final int PR_MTE_TAG_SHIFT = 3;

    /** include/uapi/linux/auxvec.h: hardware capabilities, word 1. */
    public static final long AT_HWCAP = 16;
    /** include/uapi/linux/auxvec.h: hardware capabilities, word 2. */
    public static final long AT_HWCAP2 = 26;
    /** arch/arm64/include/uapi/asm/hwcap.h: the CPU and kernel support MTE. */
    public static final long HWCAP2_MTE = 1L << 18;
    /** arch/arm64/include/uapi/asm/hwcap.h: asymmetric MTE mode. */
    public static final long HWCAP2_MTE3 = 1L << 22;

    private Prctl() {
    }
}
