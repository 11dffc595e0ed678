package dev.faultline.faultin;

import java.util.List;

/**
 * The syscalls through which one 1-byte uaccess probe reaches the kernel: {@link #load} makes
 * the kernel copy_from_user the byte (get_user) and nothing that could fault elsewhere — exactly
 * that byte, or the naturally aligned word of at most 8 bytes that holds it, which lies in the
 * byte's page and its 16-byte MTE granule and so faults exactly when the byte does;
 * {@link #storeZero} makes it store exactly one zero byte (put_user(0), as fault_in_writeable
 * does). {@link KernelProber} (the faithful probes) uses the mechanism
 * {@link ProbeMechanisms#current()} selected. Implementations: {@link SigprocmaskProbe},
 * {@link ZeroFdProbe}, {@link AffinityProbe}, {@link MemfdProbe}.
 *
 * <p>The raw methods return the syscall's result ({@link dev.faultline.sys.Native}
 * convention: the C result or {@code -errno}); the self-test ({@link ProbeMechanisms#selfTest})
 * classifies them: {@link #loadOk}/{@link #storeOk} is "accessible", {@code -EFAULT} is "not
 * accessible", anything else (EPERM or ENOSYS from a seccomp filter, an LSM) makes the
 * mechanism unavailable.
 */
public interface ProbeMechanism {
    /** @return the name used by {@code faultline.probe} and {@code --probe} */
    String name();

    /** @return the libc functions a load and a store call, as {@code --trace} shows them */
    List<String> syscalls();

    /** @return the result of the load syscall at {@code addr} (C result or {@code -errno}) */
    long loadRaw(long addr);

    /** @return the result of the store syscall at {@code addr} (C result or {@code -errno}) */
    long storeZeroRaw(long addr);

    /** @return whether {@code raw}, a {@link #loadRaw} result, means the byte was read */
    boolean loadOk(long raw);

    /** @return whether {@code raw}, a {@link #storeZeroRaw} result, means the zero was stored */
    boolean storeOk(long raw);

    /**
     * One uaccess read of the byte at {@code addr} (see the class comment: the byte, or its
     * aligned word).
     *
     * @return true when the kernel could read the byte
     */
    default boolean load(final long addr) {
        return loadOk(loadRaw(addr));
    }

    /**
     * One exact 1-byte uaccess write at {@code addr}, storing 0.
     *
     * @return true when the kernel stored the zero
     */
    default boolean storeZero(final long addr) {
        return storeOk(storeZeroRaw(addr));
    }

    /**
     * What must hold before the mechanism can run at all (an fd opened): {@code null} when
     * ready, else the reason it is unavailable.
     */
    default String unavailableReason() {
        return null;
    }
}
