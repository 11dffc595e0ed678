package dev.faultline.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The getsockopt store against the real kernel: exactly one zero byte where a one-byte store
 * succeeds, EFAULT on a PROT_NONE and a read-only page, every other byte as it was (read back
 * with process_vm_readv, never dereferenced).
 */
class SockoptZeroTest {
    private static final long PAGE = Unistd.pageSize();
    private static final byte FILL = (byte) 0xAA;

    @Test
    void storesExactlyOneZeroAndFaultsWhereAByteStoreFaults() {
        assertNull(SockoptZero.unavailableReason());
        final long a = SyscallException.check("mmap", Mman.mmap(0, 3 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0), "test");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment page = arena.allocate(PAGE);
            page.fill(FILL);
            assertEquals(PAGE, Vm.write(a, page, PAGE));
            assertEquals(0, Mman.mprotect(a + PAGE, PAGE, Mman.PROT_NONE));
            assertEquals(0, Mman.mprotect(a + 2 * PAGE, PAGE, Mman.PROT_READ));
            final long last = a + PAGE - 1;
            assertEquals(0, SockoptZero.store(last), "the last byte before PROT_NONE");
            assertEquals(-Errno.EFAULT.number(), SockoptZero.store(a + PAGE), "PROT_NONE");
            assertEquals(-Errno.EFAULT.number(), SockoptZero.store(a + 2 * PAGE), "read-only");
            final MemorySegment back = arena.allocate(PAGE);
            assertEquals(PAGE, Vm.read(a, back, PAGE));
            final byte[] want = new byte[(int) PAGE];
            java.util.Arrays.fill(want, FILL);
            want[(int) PAGE - 1] = 0;
            assertArrayEquals(want, back.toArray(JAVA_BYTE));
        } finally {
            assertEquals(0, Mman.munmap(a, 3 * PAGE));
        }
    }
}
