package dev.faultline.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.faultline.sys.Native.capture;
import static dev.faultline.sys.Native.link;
import static dev.faultline.sys.Native.linkageBug;
import static dev.faultline.sys.Native.result;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings of {@code <sched.h>}. Conventions in {@link Native}: results are the C result or
 * {@code -errno}.
 */
public final class Sched {
    private static final MethodHandle SCHED_SETAFFINITY = link("sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    /** {@code __NR_sched_setaffinity}: 203 on x86_64 (syscall_64.tbl), 122 on arm64 (asm-generic/unistd.h). */
    static final long NR_SCHED_SETAFFINITY = Arch.isArm64() ? 122 : 203;
    private Sched() {
    }

    /**
     * {@code int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)}: 0,
     * or -1 with errno (EFAULT when the kernel cannot read the mask, ESRCH when no thread has
     * id {@code pid}, EINVAL, EPERM). sched_setaffinity(2). {@code pid} 0 means the calling
     * thread: passing 0 changes this thread's CPU affinity. The kernel copies
     * {@code min(cpusetsize, cpumask_size())} bytes of the mask before it looks up the pid
     * (kernel/sched/syscalls.c get_user_cpu_mask, 6.12; kernel/sched/core.c before).
     *
     * @param mask address of the mask (may be inaccessible)
     * @return 0 or {@code -errno}
     */
    public static long schedSetaffinity(final int pid, final long cpusetsize, final long mask) {
        if (RawSyscall.available()) { // the affinity probe's load: once per probe point
            return RawSyscall.call("sched_setaffinity", NR_SCHED_SETAFFINITY, pid, cpusetsize, mask, 0);
        }
        final MemorySegment s = capture();
        try {
            return result("sched_setaffinity", (int) SCHED_SETAFFINITY.invokeExact(s, pid, cpusetsize, mask), -1, s,
                    pid, cpusetsize, mask);
        } catch (Throwable t) {
            throw linkageBug(t);
        }
    }
}
