package dev.faultline.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bindings against the real kernel. The capability test fails when native access is
 * silently off (Lucene's testMadviseAvail idea): nothing here is skipped.
 */
class BindingsTest {
    private static final long PAGE = Unistd.pageSize();

    @Test
    void shouldHaveNativeAccessAndRealMadvise() {
        assertTrue(Native.nativeAccessEnabled(), "surefire must run with --enable-native-access=ALL-UNNAMED");
        final long a = SyscallException.check("mmap", Mman.mmap(0, PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0), "test");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment b = arena.allocate(1);
            b.set(JAVA_BYTE, 0, (byte) 42);
            assertEquals(1, Vm.write(a, b, 1));
            b.set(JAVA_BYTE, 0, (byte) 0);
            assertEquals(1, Vm.read(a, b, 1));
            assertEquals(42, b.get(JAVA_BYTE, 0));
            assertEquals(0, Mman.madvise(a, PAGE, Mman.MADV_DONTNEED));
            assertEquals(1, Vm.read(a, b, 1));
            assertEquals(0, b.get(JAVA_BYTE, 0), "MADV_DONTNEED must drop a private anonymous page");
        } finally {
            assertEquals(0, Mman.munmap(a, PAGE));
        }
    }

    @Test
    void shouldReturnMinusErrnoOnlyOnFailure() {
        assertEquals(-Errno.EINVAL.number(), Mman.munmap(1, PAGE), "unaligned munmap");
        assertEquals(-Errno.EBADF.number(), Unistd.close(-1));
        // a success right after a failure returns the result, not the stale errno
        assertEquals(Unistd.pid(), (int) ProcessHandle.current().pid());
        final long a = Mman.mmap(0, PAGE, Mman.PROT_NONE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        assertTrue(a > 0);
        assertEquals(0, Mman.mprotect(a, PAGE, Mman.PROT_READ));
        assertEquals(0, Mman.munmap(a, PAGE));
        assertEquals(-Errno.ENOMEM.number(), Mman.mprotect(a, PAGE, Mman.PROT_READ), "mprotect of a hole");
        // a kernel without MADV_POPULATE_READ (before 5.14) rejects the advice before it looks at the range
        assertEquals(KernelFeatures.populate() ? -Errno.ENOMEM.number() : -Errno.EINVAL.number(),
                Mman.madvise(a, PAGE, Mman.MADV_POPULATE_READ), "populate a hole");
    }

    @Test
    void shouldCountSyscallsPerThread() {
        final long before = Syscalls.count();
        Unistd.close(-1);
        Unistd.close(-1);
        assertEquals(before + 2, Syscalls.count());
    }

    @Test
    void shouldDescribeUnexpectedFailures() {
        final SyscallException e = org.junit.jupiter.api.Assertions.assertThrows(SyscallException.class,
                () -> SyscallException.check("munmap", Mman.munmap(1, PAGE), "addr=0x1 len=" + PAGE));
        assertEquals("munmap(addr=0x1 len=" + PAGE + ") failed: EINVAL(22)", e.getMessage());
        assertEquals(Errno.EINVAL, e.errnoName());
        assertEquals("errno 999", Errno.describe(999));
    }

    @Test
    void shouldReadPagemapPresentBit() {
        final long a = Mman.mmap(0, 2 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(1, Vm.write(a, arena.allocate(1), 1));
            final long[] e = Pagemap.entries(a, 2);
            assertTrue((e[0] & Pagemap.PM_PRESENT) != 0, "written page present");
            assertEquals(0, e[1] & Pagemap.PM_PRESENT, "untouched page not present");
        } finally {
            Mman.munmap(a, 2 * PAGE);
        }
    }

    @Test
    void shouldKnowUserSpaceLimits() {
        assertTrue(Arch.accessOk(PAGE, PAGE));
        assertTrue(!Arch.accessOk(-PAGE, 2 * PAGE), "wrapping range");
        assertTrue(!Arch.accessOk(Arch.taskSize() - 1, 2), "range leaving user space");
    }

    @Test
    void linksAFunctionOfASharedLibraryByPath() throws Throwable {
        final java.nio.file.Path libc = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))
                .stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.endsWith("/libc.so.6"))
                .findFirst().map(java.nio.file.Path::of).orElseThrow();
        final java.lang.invoke.MethodHandle getppid = Native.linkLibrary(libc, "getppid",
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
        assertEquals(Unistd.getppid(), (int) getppid.invokeExact());
        final IllegalArgumentException noSymbol = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Native.linkLibrary(libc, "faultline_no_such_function",
                        java.lang.foreign.FunctionDescriptor.ofVoid()));
        assertEquals(libc + " has no symbol faultline_no_such_function", noSymbol.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Native.linkLibrary(java.nio.file.Path.of("/nonexistent/libfaultline-none.so"), "f",
                        java.lang.foreign.FunctionDescriptor.ofVoid()));
    }
}
