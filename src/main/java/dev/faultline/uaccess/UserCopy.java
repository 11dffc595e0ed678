package dev.faultline.uaccess;

import java.lang.foreign.MemorySegment;

/**
 * A copy between user memory (a region under test, possibly inaccessible) and memory that
 * Faultline owns, under the kernel's uaccess contract (include/linux/uaccess.h, reference
 * section 4): the result is the number of bytes NOT copied, {@code N} in {@code [0, n]}; the
 * first {@code n - N} bytes were copied exactly and nothing past them was touched; {@code N}
 * is {@code n} only when not one byte could be copied. {@code n == 0} copies nothing and
 * returns 0.
 *
 * <p>The raw methods take addresses: the caller holds a lease of the region that contains
 * them ({@link dev.faultline.memory.Region#lease()}). {@link UserCopies} wraps them with the
 * lease and bounds checks.
 */
public interface UserCopy {
    /** @return the command-line name: {@code vm}, {@code uaccess}, {@code nofault} */
    String name();

    /** @return whether arm64 MTE tags are checked on the user side */
    boolean tagChecked();

    /**
     * copy_from_user: reads user memory into {@code dst}.
     *
     * @param user address of the user buffer
     * @param dst  owned memory, at least {@code n} bytes
     * @param n    bytes
     * @return bytes not copied
     */
    long copyFromUser(long user, MemorySegment dst, long n);

    /**
     * copy_to_user: writes {@code src} into user memory.
     *
     * @param user address of the user buffer
     * @param src  owned memory, at least {@code n} bytes
     * @param n    bytes
     * @return bytes not copied
     */
    long copyToUser(long user, MemorySegment src, long n);
}
