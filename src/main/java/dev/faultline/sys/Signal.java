package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.faultline.sys.Native.capture;
import static dev.faultline.sys.Native.link;
import static dev.faultline.sys.Native.linkageBug;
import static dev.faultline.sys.Native.result;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The raw signal-mask syscall of {@code <signal.h>}, through {@code syscall(2)}: glibc's
 * sigprocmask and pthread_sigmask read the new set in user space first (to keep SIGCANCEL and
 * SIGSETXID unblocked), which would dereference a possibly inaccessible address in this
 * process. Conventions in {@link Native}: results are the C result or {@code -errno}.
 */
public final class Signal {
    /**
     * {@code __NR_rt_sigprocmask}: 14 on x86_64 (arch/x86/entry/syscalls/syscall_64.tbl), 135 on
     * arm64 (include/uapi/asm-generic/unistd.h).
     */
    public static final long NR_RT_SIGPROCMASK = Arch.isArm64() ? 135 : 14;

    /**
     * {@code sizeof(sigset_t)} in the kernel: _NSIG (64) / 8 bytes on x86_64 and arm64
     * (arch/x86/include/asm/signal.h, include/uapi/asm-generic/signal.h). rt_sigprocmask answers
     * EINVAL for any other sigsetsize.
     */
    public static final long SIGSET_SIZE = 8;

    /**
     * A {@code how} that is none of SIG_BLOCK (0), SIG_UNBLOCK (1), SIG_SETMASK (2)
     * (include/uapi/asm-generic/signal-defs.h): kernel/signal.c sigprocmask answers EINVAL for
     * it without changing the mask.
     */
    public static final int HOW_NONE = -1;

    private static final MethodHandle SYSCALL = link("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private Signal() {
    }

    /**
     * {@code syscall(SYS_rt_sigprocmask, how, set, oset, sigsetsize)}: 0, or -1 with errno; made
     * straight to the kernel by {@link RawSyscall} where its stub is in place (one per probe
     * point of the default mechanism), else through libc's {@code syscall()}.
     * kernel/signal.c SYSCALL_DEFINE4(rt_sigprocmask) (lines 3063–3080 of 5.10.198, 3202–3219 of
     * 6.12): EINVAL unless {@code sigsetsize == sizeof(sigset_t)}; then, when {@code set} is not
     * NULL, {@code copy_from_user(&new_set, set, sizeof(sigset_t))} (EFAULT when the kernel
     * cannot read those 8 bytes) and only then sigprocmask(how, ...), which answers EINVAL for an
     * unknown {@code how} before it changes anything; then, when {@code oset} is not NULL,
     * copy_to_user of the old mask. rt_sigprocmask(2).
     *
     * @param how        SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, or {@link #HOW_NONE} to change nothing
     * @param set        address of the new mask, or 0 (may be inaccessible)
     * @param oset       address for the old mask, or 0 (may be inaccessible)
     * @param sigsetsize {@link #SIGSET_SIZE}
     * @return 0 or {@code -errno}
     */
    public static long rtSigprocmask(final int how, final long set, final long oset, final long sigsetsize) {
        if (RawSyscall.available()) {
            return RawSyscall.call("rt_sigprocmask", NR_RT_SIGPROCMASK, how, set, oset, sigsetsize);
        }
        final MemorySegment s = capture();
        try {
            return result("rt_sigprocmask", (long) SYSCALL.invokeExact(s, NR_RT_SIGPROCMASK, (long) how, set, oset,
                    sigsetsize), -1, s, how, set, sigsetsize);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }
}
