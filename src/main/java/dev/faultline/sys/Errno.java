package dev.faultline.sys;

/**
 * The errno values Faultline meets, by name. Numbers are from
 * {@code include/uapi/asm-generic/errno-base.h} and {@code errno.h}; they are identical on
 * x86_64 and aarch64 Linux.
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1),
    /** No such file or directory. */
    ENOENT(2),
    /** No such process. */
    ESRCH(3),
    /** Interrupted system call. */
    EINTR(4),
    /** I/O error. */
    EIO(5),
    /** Bad file number. */
    EBADF(9),
    /** Try again. */
    EAGAIN(11),
    /** Out of memory, or (mmap family) a hole in the range. */
    ENOMEM(12),
    /** Permission denied. */
    EACCES(13),
    /** Bad address: the kernel could not access user memory. */
    EFAULT(14),
    /** Device or resource busy. */
    EBUSY(16),
    /** File exists. */
    EEXIST(17),
    /** Invalid argument. */
    EINVAL(22),
    /** Inappropriate ioctl for device. */
    ENOTTY(25),
    /** No space left on device. */
    ENOSPC(28),
    /** Illegal seek. */
    ESPIPE(29),
    /** Function not implemented. */
    ENOSYS(38),
    /** Socket operation on non-socket (asm-generic errno.h: 88). */
    ENOTSOCK(88),
    /** Operation not supported. */
    EOPNOTSUPP(95),
    /** Memory page has hardware error (asm-generic errno.h: 133). */
    EHWPOISON(133),
    /** Any number not listed here; see {@link #describe(int)}. */
    UNKNOWN(-1);

    private final int number;

    Errno(final int number) {
        this.number = number;
    }

    /** @return the errno number, or -1 for {@link #UNKNOWN} */
    public int number() {
        return number;
    }

    /**
     * @param number an errno value as the kernel returns it (positive)
     * @return the constant, {@link #UNKNOWN} when it is not listed
     */
    public static Errno of(final int number) {
        for (final Errno e : values()) {
            if (e.number == number) {
                return e;
            }
        }
        return UNKNOWN;
    }

    /**
     * @param number an errno value
     * @return {@code "EFAULT(14)"} style text, the number alone for unlisted values
     */
    public static String describe(final int number) {
        final Errno e = of(number);
        return e == UNKNOWN ? "errno " + number : e.name() + "(" + number + ")";
    }
}
