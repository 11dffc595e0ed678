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

    /**
     * Turns an unexpected failure of a binding into an exception.
     *
     * @param fn     function name for the message
     * @param result a binding's result (the C result or {@code -errno})
     * @param args   the call's arguments, formatted
     * @return {@code result} when it is not an error
     * @throws SyscallException when {@code result} is an errno ({@code -4095..-1})
     */
    public static long check(final String fn, final long result, final String args) {
        if (result < 0 && result >= -4095) {
            throw new SyscallException(fn, (int) -result, args);
        }
        return result;
    }
}
