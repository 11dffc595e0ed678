package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.faultline.sys.Native.capture;
import static dev.faultline.sys.Native.link;
import static dev.faultline.sys.Native.linkageBug;
import static dev.faultline.sys.Native.result;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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

    private static final MethodHandle PRCTL = link("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETAUXVAL = link("getauxval",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));

    private Prctl() {
    }

    /**
     * {@code int prctl(int option, unsigned long arg2, arg3, arg4, arg5)} (variadic in glibc,
     * linked with firstVariadicArg(1)): option-specific result, or -1 with errno (EINVAL
     * unknown option or flags). prctl(2).
     *
     * @return the result, or {@code -errno}
     */
    public static long prctl(final int option, final long arg2, final long arg3, final long arg4,
                             final long arg5) {
        final MemorySegment s = capture();
        try {
            return result("prctl", (int) PRCTL.invokeExact(s, option, arg2, arg3, arg4, arg5), -1,
                    s, option, arg2, arg3);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }

    /**
     * {@code unsigned long getauxval(unsigned long type)}: the auxv entry, or 0 (errno ENOENT)
     * when the type is absent; here 0 is returned as 0. getauxval(3).
     *
     * @return the value
     */
    public static long getauxval(final long type) {
        final MemorySegment s = capture();
        try {
            return result("getauxval", (long) GETAUXVAL.invokeExact(s, type), Long.MIN_VALUE, s, type, 0, 0);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }
}
