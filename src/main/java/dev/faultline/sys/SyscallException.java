package dev.faultline.sys;

import java.util.Locale;

/**
 * An unexpected syscall failure: carries the function, its arguments and the errno.
 * Expected failures of a probe (EFAULT, ENOMEM, EINVAL) are never thrown; they are returned
 * as values by the layer that expects them.
 */
public final class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int errno;

    /**
     * @param function the libc function, e.g. {@code "mmap"}
     * @param errno    the errno it reported (positive)
     * @param args     its arguments, already formatted ({@code "addr=0x7f.. len=4096"})
     */
    public SyscallException(final String function, final int errno, final String args) {
        super(String.format(Locale.ENGLISH, "%s(%s) failed: %s", function, args, Errno.describe(errno)));
        this.function = function;
        this.errno = errno;
    }

    /** @return the libc function that failed */
    public String function() {
        return function;
    }

    /** @return the errno value */
    public int errno() {
        return errno;
    }

    /** @return the errno as a name */
    public Errno errnoName() {
        return Errno.of(errno);
    }
}
