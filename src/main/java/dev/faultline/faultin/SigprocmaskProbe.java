package dev.faultline.faultin;

import dev.faultline.sys.Errno;
import dev.faultline.sys.Signal;

import java.util.List;

/**
 * {@code sigprocmask}: a load without a descriptor and without a lookup, paired with
 * the cheapest exact store of a zero ({@link ZeroStore}).
 * <ul>
 *   <li>Load: {@code rt_sigprocmask(-1, addr & ~7, NULL, 8)} (the raw syscall,
 *       {@link Signal#rtSigprocmask}). kernel/signal.c SYSCALL_DEFINE4(rt_sigprocmask), the
 *       same in 5.10, 6.1, 6.12 and 7.1: {@code copy_from_user(&new_set, set, sizeof(sigset_t))},
 *       then sigprocmask() answers EINVAL for the unknown {@code how} before it changes the
 *       mask: EINVAL = readable, EFAULT = not. The kernel reads the 8 bytes of the naturally
 *       aligned word that holds {@code addr}: never across a page or a 16-byte MTE granule, so it
 *       faults exactly where a 1-byte access at {@code addr} faults (the only granularity at
 *       which memory is made inaccessible: pages, and granules for tags).</li>
 *   <li>Store: {@link ZeroStore#chosen()}: {@code getsockopt(SOL_SOCKET, SO_DEBUG)} with a
 *       length of 1, else {@code pread(/dev/zero, addr, 1, 0)} as in {@link ZeroFdProbe}, else
 *       {@link MemfdProbe}'s store.</li>
 * </ul>
 * The cheapest load measured: no fd (no shared file reference once the process has threads),
 * no pid lookup, no allocation; about getppid's cost. glibc's sigprocmask is not used: it reads
 * the set in user space first.
 */
public final class SigprocmaskProbe implements ProbeMechanism {
    /** The one instance. */
    public static final SigprocmaskProbe INSTANCE = new SigprocmaskProbe();

    /** Clears the low bits of an address to the start of its sigset_t-sized, aligned word. */
    static final long WORD_MASK = ~(Signal.SIGSET_SIZE - 1);

    private static final long EINVAL = -Errno.EINVAL.number();

    private SigprocmaskProbe() {
    }

    @Override
    public String name() {
        return "sigprocmask";
    }

    @Override
    public List<String> syscalls() {
        return List.of("rt_sigprocmask", ZeroStore.chosen().syscall());
    }

    @Override
    public long loadRaw(final long addr) {
        return Signal.rtSigprocmask(Signal.HOW_NONE, addr & WORD_MASK, 0, Signal.SIGSET_SIZE);
    }

    @Override
    public long storeZeroRaw(final long addr) {
        return ZeroStore.chosen().storeZeroRaw(addr);
    }

    @Override
    public boolean loadOk(final long raw) {
        return raw == EINVAL;
    }

    @Override
    public boolean storeOk(final long raw) {
        return raw == 1;
    }
}
