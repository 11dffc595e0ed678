package dev.faultline.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw syscall stub against the real kernel, beside libc's answer for the same call: the
 * kernel's result with {@code -errno} in it, no errno involved. Runs on x86_64 here and on
 * arm64 in the emulated MTE machine (bin/mte-lab test), the two stubs there are.
 */
class RawSyscallTest {
    private static final long PAGE = Unistd.pageSize();
    /** __NR_getppid: 110 on x86_64 (syscall_64.tbl), 173 on arm64 (asm-generic/unistd.h). */
    private static final long NR_GETPPID = Arch.isArm64() ? 173 : 110;
    /** __NR_close: 3 on x86_64, 57 on arm64. */
    private static final long NR_CLOSE = Arch.isArm64() ? 57 : 3;

    @Test
    void theStubIsInPlaceOnBothArchitectures() {
        assertNull(RawSyscall.why());
        assertTrue(RawSyscall.available());
    }

    @Test
    void aSuccessIsTheKernelsResult() {
        assertEquals(Unistd.getppid(), RawSyscall.call("getppid", NR_GETPPID, 0, 0, 0, 0));
    }

    @Test
    void aFailureIsMinusErrno() {
        assertEquals(-Errno.EBADF.number(), RawSyscall.call("close", NR_CLOSE, -1, 0, 0, 0));
        assertEquals(Unistd.close(-1), RawSyscall.call("close", NR_CLOSE, -1, 0, 0, 0), "libc's answer");
    }

    /** The probe it serves: EINVAL after the kernel read the set, EFAULT where it could not. */
    @Test
    void rtSigprocmaskReadsTheSetOrFaults() {
        final long a = SyscallException.check("mmap", Mman.mmap(0, 2 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0), "test");
        try {
            assertEquals(0, Mman.mprotect(a + PAGE, PAGE, Mman.PROT_NONE));
            final long nr = Signal.NR_RT_SIGPROCMASK;
            assertEquals(-Errno.EINVAL.number(), RawSyscall.call("rt_sigprocmask", nr, Signal.HOW_NONE,
                    a + PAGE - Signal.SIGSET_SIZE, 0, Signal.SIGSET_SIZE), "the last 8 bytes before PROT_NONE");
            assertEquals(-Errno.EFAULT.number(), RawSyscall.call("rt_sigprocmask", nr, Signal.HOW_NONE, a + PAGE, 0,
                    Signal.SIGSET_SIZE), "the PROT_NONE page");
            assertEquals(-Errno.EFAULT.number(), Signal.rtSigprocmask(Signal.HOW_NONE, a + PAGE, 0,
                    Signal.SIGSET_SIZE), "the binding, through the stub");
        } finally {
            assertEquals(0, Mman.munmap(a, 2 * PAGE));
        }
    }

    @Test
    void everyCallIsCounted() {
        final long before = Syscalls.count();
        RawSyscall.call("close", NR_CLOSE, -1, 0, 0, 0);
        Signal.rtSigprocmask(Signal.HOW_NONE, 0, 0, 0);
        assertEquals(before + 2, Syscalls.count());
    }

    /**
     * The fifth argument reaches the kernel: getsockopt reads its length through it, so a length
     * cell on a PROT_NONE page answers EFAULT where the same call with a readable cell stores the
     * byte and answers 0.
     */
    @Test
    void theFifthArgumentReachesTheKernel() {
        final long a = SyscallException.check("mmap", Mman.mmap(0, 2 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0), "test");
        final long fd = SyscallException.check("socket", Socket.socket(Socket.AF_UNIX,
                Socket.SOCK_DGRAM | Socket.SOCK_CLOEXEC, 0), "test");
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            assertEquals(0, Mman.mprotect(a + PAGE, PAGE, Mman.PROT_NONE));
            final java.lang.foreign.MemorySegment len = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            len.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 1);
            final long nr = Socket.NR_GETSOCKOPT;
            assertEquals(0, RawSyscall.call("getsockopt", nr, fd, Socket.SOL_SOCKET, Socket.SO_DEBUG, a,
                    len.address()), "a readable length");
            assertEquals(-Errno.EFAULT.number(), RawSyscall.call("getsockopt", nr, fd, Socket.SOL_SOCKET,
                    Socket.SO_DEBUG, a, a + PAGE), "the length on the PROT_NONE page");
        } finally {
            Unistd.close((int) fd);
            assertEquals(0, Mman.munmap(a, 2 * PAGE));
        }
    }
}
