package dev.faultline.uaccess;

import dev.faultline.memory.Region;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Region-level copies: a lease of the region for the whole copy, a bounds check before any
 * syscall, and Java arrays on Faultline's side.
 */
public final class UserCopies {
    /** Mechanisms by name. */
    private static final List<UserCopy> ALL = List.of(VmCopy.INSTANCE, FileCopy.INSTANCE, NoFaultCopy.INSTANCE);

    private UserCopies() {
    }

    /** @return every mechanism */
    public static List<UserCopy> all() {
        return ALL;
    }

    /**
     * @param name {@code vm}, {@code uaccess} or {@code nofault}
     * @return the mechanism
     * @throws IllegalArgumentException for any other name
     */
    public static UserCopy byName(final String name) {
        for (final UserCopy c : ALL) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                "unknown copy mechanism \"%s\"; use vm, uaccess or nofault", name));
    }

    /**
     * Copies {@code n} bytes from the region at {@code offset} (copy_from_user).
     *
     * @throws IndexOutOfBoundsException for a range outside the region
     * @throws dev.faultline.memory.RegionClosedException after close
     */
    public static CopyResult fromUser(final UserCopy via, final Region region, final long offset, final long n) {
        try (Region.Lease l = region.lease(); Arena arena = Arena.ofConfined()) {
            final long user = region.address(offset, n);
            final MemorySegment dst = arena.allocate(Math.max(1, n));
            final long notCopied = n == 0 ? 0 : via.copyFromUser(user, dst, n);
            return new CopyResult(n, notCopied, dst.asSlice(0, n - notCopied).toArray(JAVA_BYTE));
        }
    }

    /**
     * Copies {@code data} into the region at {@code offset} (copy_to_user).
     *
     * @throws IndexOutOfBoundsException for a range outside the region
     * @throws dev.faultline.memory.RegionClosedException after close
     */
    public static CopyResult toUser(final UserCopy via, final Region region, final long offset, final byte[] data) {
        final long n = data.length;
        try (Region.Lease l = region.lease(); Arena arena = Arena.ofConfined()) {
            final long user = region.address(offset, n);
            final MemorySegment src = arena.allocate(Math.max(1, n));
            MemorySegment.copy(data, 0, src, JAVA_BYTE, 0, data.length);
            final long notCopied = n == 0 ? 0 : via.copyToUser(user, src, n);
            return new CopyResult(n, notCopied, new byte[0]);
        }
    }
}
