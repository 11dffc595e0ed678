package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code syscall(2)} without libc: a stub of a few instructions, written into a page of its own
 * and made read+execute, that moves its arguments into the kernel's registers, traps and returns
 * what the kernel returned: {@code -errno} on failure, as the kernel's own ABI does. No libc
 * wrapper stores errno and no errno is captured after the downcall, the two costs a libc
 * syscall pays from Java beyond the call (bench/: PairedBench). For the probe syscalls that
 * run once per probe point ({@link Signal#rtSigprocmask}, {@link Socket#getsockopt}: five arguments,
 * the most a probe needs).
 * <pre>
 *   x86_64 (System V: nr, a, b, c, d, e in rdi, rsi, rdx, rcx, r8, r9; the kernel: rax, rdi, rsi, rdx, r10, r8):
 *     endbr64 ; mov rax, rdi ; mov rdi, rsi ; mov rsi, rdx ; mov rdx, rcx ; mov r10, r8 ; mov r8, r9 ; syscall ; ret
 *   arm64 (AAPCS64: x0-x5; the kernel: x8, x0-x4):
 *     mov x8, x0 ; mov x0, x1 ; mov x1, x2 ; mov x2, x3 ; mov x3, x4 ; mov x4, x5 ; svc #0 ; ret
 * </pre>
 * (encodings checked with objdump and aarch64-linux-gnu-as/objdump). endbr64 is a no-op without
 * CET indirect-branch tracking. The page is written once, before it is made executable (arm64
 * synchronises the instruction cache when a page becomes executable), and never again. Where
 * executable memory is refused (a W^X policy), {@link #available()} is false and the callers
 * keep libc's {@code syscall()} with errno capture. Conventions of {@link Native}: counted per
 * thread, traced under {@code --trace}, nothing thrown for a failed call.
 */
public final class RawSyscall {
    private static final byte[] X86_64 = {
        (byte) 0xf3, 0x0f, 0x1e, (byte) 0xfa, // endbr64
        0x48, (byte) 0x89, (byte) 0xf8,       // mov rax, rdi
        0x48, (byte) 0x89, (byte) 0xf7,       // mov rdi, rsi
        0x48, (byte) 0x89, (byte) 0xd6,       // mov rsi, rdx
        0x48, (byte) 0x89, (byte) 0xca,       // mov rdx, rcx
        0x4d, (byte) 0x89, (byte) 0xc2,       // mov r10, r8
        0x4d, (byte) 0x89, (byte) 0xc8,       // mov r8, r9
        0x0f, 0x05,                           // syscall
        (byte) 0xc3,                          // ret
    };
    private static final int[] ARM64 = {
        0xaa0003e8, // mov x8, x0
        0xaa0103e0, // mov x0, x1
        0xaa0203e1, // mov x1, x2
        0xaa0303e2, // mov x2, x3
        0xaa0403e3, // mov x3, x4
        0xaa0503e4, // mov x4, x5
        0xd4000001, // svc #0
        0xd65f03c0, // ret
    };

    /** The stub, or null where it could not be made: see {@link #why()}. */
    private static final MethodHandle STUB;
    private static final String WHY;

    static {
        MethodHandle stub = null;
        String why;
        try {
            stub = Native.linkCode(writeStub(), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG, JAVA_LONG, JAVA_LONG));
            why = null;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            why = e.getMessage();
        }
        STUB = stub;
        WHY = why;
    }

    private RawSyscall() {
    }

    /**
     * @return whether the stub is in place (false: executable memory was refused, or another
     *         architecture); a constant once this class is initialised, so a binding's check of
     *         it costs nothing after the JIT. The bindings ask it on each call, not in their own
     *         static initialisers: making the stub uses {@link Unistd} and {@link Mman}.
     */
    public static boolean available() {
        return STUB != null;
    }

    /** @return why the stub is not in place, or null when it is */
    public static String why() {
        return WHY;
    }

    /**
     * {@code syscall(nr, a, b, c, d)} straight to the kernel.
     *
     * @param fn the syscall's name, for the trace
     * @return the kernel's result: {@code -errno} on failure
     * @throws IllegalStateException when the stub is not {@link #available()}
     */
    public static long call(final String fn, final long nr, final long a, final long b, final long c, final long d) {
        return call(fn, nr, a, b, c, d, 0);
    }

    /**
     * {@code syscall(nr, a, b, c, d, e)} straight to the kernel.
     *
     * @param fn the syscall's name, for the trace
     * @return the kernel's result: {@code -errno} on failure
     * @throws IllegalStateException when the stub is not {@link #available()}
     */
    public static long call(final String fn, final long nr, final long a, final long b, final long c, final long d,
                            final long e) {
        if (STUB == null) {
            throw new IllegalStateException("no raw syscall stub: " + WHY);
        }
        Syscalls.state().count++;
        final long r;
        try {
            r = (long) STUB.invokeExact(nr, a, b, c, d, e);
        } catch (Throwable t) {
            throw Native.linkageBug(t);
        }
        if (Syscalls.tracing()) {
            Syscalls.log(fn, new long[] {a, b, c, d, e}, r);
        }
        return r;
    }

    /** @return the address of a read+execute page holding this architecture's stub */
    private static long writeStub() {
        final byte[] code;
        if (Arch.isArm64()) {
            code = new byte[ARM64.length * 4];
            for (int i = 0; i < ARM64.length; i++) {
                for (int k = 0; k < 4; k++) { // little-endian, as arm64 Linux runs
                    code[4 * i + k] = (byte) (ARM64[i] >>> (8 * k));
                }
            }
        } else if (Arch.name().equals("amd64") || Arch.name().equals("x86_64")) {
            code = X86_64;
        } else {
            throw new UnsupportedOperationException("no raw syscall stub for " + Arch.name());
        }
        final long page = Unistd.pageSize();
        final long addr = Mman.mmap(0, page, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                -1, 0);
        if (addr < 0 && addr >= -4095) {
            throw new IllegalStateException("mmap of the stub page: " + Errno.describe((int) -addr));
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment bytes = arena.allocate(code.length);
            MemorySegment.copy(code, 0, bytes, JAVA_BYTE, 0, code.length);
            final long wrote = Vm.write(addr, bytes, code.length);
            final long rx = wrote == code.length ? Mman.mprotect(addr, page, Mman.PROT_READ | Mman.PROT_EXEC) : wrote;
            if (wrote != code.length || rx != 0) {
                Mman.munmap(addr, page);
                throw new IllegalStateException(wrote != code.length ? "writing the stub page: " + wrote
                        : "mprotect PROT_EXEC of the stub page: " + Errno.describe((int) -rx));
            }
        }
        return addr;
    }
}
