package dev.faultline.faultin;

import dev.faultline.sys.Errno;
import dev.faultline.sys.Sched;

import java.util.List;

/**
 * {@code affinity}: a load without a descriptor, paired with the cheapest exact store of a zero
 * ({@link ZeroStore}).
 * <ul>
 *   <li>Load: {@code sched_setaffinity(INT_MAX, 1, addr)}. The SYSCALL_DEFINE3 (kernel/sched/core.c
 *       in 5.10 and 6.1, kernel/sched/syscalls.c in 6.12 and 7.1) calls get_user_cpu_mask:
 *       {@code len < cpumask_size()} → cpumask_clear, then {@code copy_from_user(mask, addr, 1)}.
 *       Only then does sched_setaffinity look up the pid (find_process_by_pid → find_task_by_vpid
 *       → idr miss) and answer ESRCH, before any permission or LSM check: ESRCH = readable,
 *       EFAULT = not. The pid is INT_MAX, which cannot exist (PID_MAX_LIMIT is 4M); pid 0 would
 *       be the calling thread and would really change its affinity, so it is never passed.
 *       Under CONFIG_CPUMASK_OFFSTACK each call does a kmalloc+kfree (ENOMEM is possible before
 *       any access).</li>
 *   <li>Store: {@link ZeroStore#chosen()}, as {@link SigprocmaskProbe}'s.</li>
 * </ul>
 * About 2.4–3.1× getppid on a kernel with a BPF program attached to the syscall; no shared
 * file reference is taken. systemd's {@code ~@resources} filter answers EPERM.
 */
public final class AffinityProbe implements ProbeMechanism {
    /** The one instance. */
    public static final AffinityProbe INSTANCE = new AffinityProbe();

    /** A pid that cannot exist: the kernel copies the mask, then answers ESRCH. Never 0. */
    static final int NO_SUCH_PID = Integer.MAX_VALUE;

    private static final long ESRCH = -Errno.ESRCH.number();

    private AffinityProbe() {
    }

    @Override
    public String name() {
        return "affinity";
    }

    @Override
    public List<String> syscalls() {
        return List.of("sched_setaffinity", ZeroStore.chosen().syscall());
    }

    @Override
    public long loadRaw(final long addr) {
        return Sched.schedSetaffinity(NO_SUCH_PID, 1, addr);
    }

    @Override
    public long storeZeroRaw(final long addr) {
        return ZeroStore.chosen().storeZeroRaw(addr);
    }

    @Override
    public boolean loadOk(final long raw) {
        return raw == ESRCH;
    }

    @Override
    public boolean storeOk(final long raw) {
        return raw == 1;
    }
}
