package dev.faultline.uaccess;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import dev.faultline.sys.Unistd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The uaccess contract (reference section 4) for one mechanism: bytes NOT copied, the first
 * n-N bytes exact, nothing past them touched, N == n only when nothing could be copied.
 * One subclass per mechanism.
 */
abstract class UserCopyContract {
    static final long PAGE = Unistd.pageSize();

    abstract UserCopy mechanism();

    static byte[] pattern(final long offset, final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = Region.patternByte(offset + i);
        }
        return b;
    }

    /** Starts at, near and just before the end of the first page (4000, 4088, 4095 on 4 KiB pages). */
    static java.util.stream.LongStream offsets() {
        return java.util.stream.LongStream.of(0, 1, 100, PAGE - 96, PAGE - 8, PAGE - 1);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("offsets")
    void shouldStopExactlyAtTheFirstInaccessibleByteFromUser(final long offset) {
        try (Region r = Region.of("rw,none,rw")) {
            final CopyResult c = UserCopies.fromUser(mechanism(), r, offset, 2 * PAGE);
            assertEquals(2 * PAGE - (PAGE - offset), c.notCopied());
            assertArrayEquals(pattern(offset, (int) (PAGE - offset)), c.data());
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("offsets")
    void shouldStopExactlyAtTheFirstUnwritableByteToUser(final long offset) {
        try (Region r = Region.of("rw,ro,rw")) {
            final byte[] data = new byte[(int) (2 * PAGE)];
            java.util.Arrays.fill(data, (byte) 0x33);
            final CopyResult c = UserCopies.toUser(mechanism(), r, offset, data);
            assertEquals(2 * PAGE - (PAGE - offset), c.notCopied());
            final CopyResult back = UserCopies.fromUser(VmCopy.INSTANCE, r, 0, 2 * PAGE);
            for (int i = 0; i < 2 * PAGE; i++) {
                final byte want = i >= offset && i < PAGE ? 0x33 : Region.patternByte(i);
                assertEquals(want, back.data()[i], "byte " + i);
            }
        }
    }

    @Test
    void shouldReturnNOnlyWhenNothingCouldBeCopied() {
        try (Region r = Region.of("none,rw")) {
            assertEquals(10, UserCopies.fromUser(mechanism(), r, 0, 10).notCopied());
            assertEquals(10, UserCopies.fromUser(mechanism(), r, PAGE - 1, 10).notCopied());
            assertEquals(10, UserCopies.toUser(mechanism(), r, PAGE - 1, new byte[10]).notCopied());
            assertEquals(0, UserCopies.fromUser(mechanism(), r, PAGE, 10).notCopied());
        }
        try (Region r = Region.of("rw,none")) {
            assertEquals(9, UserCopies.fromUser(mechanism(), r, PAGE - 1, 10).notCopied());
            assertEquals(9, UserCopies.toUser(mechanism(), r, PAGE - 1, new byte[10]).notCopied());
        }
    }

    @Test
    void shouldCopyNothingForSizeZero() {
        try (Region r = Region.of("none")) {
            assertEquals(0, UserCopies.fromUser(mechanism(), r, 0, 0).notCopied());
            assertEquals(0, UserCopies.toUser(mechanism(), r, PAGE, new byte[0]).notCopied());
        }
    }

    @Test
    void shouldCopyAcrossPagesOfEveryBacking() {
        for (final Backing b : Backing.values()) {
            try (Region r = Region.of("rw*3", b)) {
                final CopyResult c = UserCopies.fromUser(mechanism(), r, 5, 3 * PAGE - 10);
                assertEquals(0, c.notCopied());
                assertArrayEquals(pattern(5, (int) (3 * PAGE - 10)), c.data());
            }
        }
    }
}
