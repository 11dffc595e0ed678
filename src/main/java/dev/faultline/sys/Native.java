package dev.faultline.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The linker helper of the binding classes ({@link Mman}, {@link Unistd}, {@link Uio},
 * {@link Fcntl}, {@link Prctl}, {@link Ioctl}, {@link Socket}, {@link Sched}, {@link Signal}): it links libc symbols once, captures errno per
 * thread and turns a failure value into {@code -errno}. It is the only class of Faultline that
 * makes restricted FFM calls; the build compiles with {@code -Xlint:all -Werror}, so a
 * restricted call anywhere else fails it.
 *
 * <p>Conventions of every binding:
 * <ul>
 *   <li>Pointers are passed as {@code long} addresses. Nothing dereferences them; the kernel
 *       does, and answers EFAULT where it cannot.</li>
 *   <li>The result is the C result when it is not the failure value, otherwise {@code -errno}
 *       (the shape of the JDK's internal {@code CaptureStateUtil.adaptSystemCall}). errno is
 *       captured by {@code Linker.Option.captureCallState("errno")} and read only when the C
 *       result says failure: it is stale otherwise.</li>
 *   <li>Nothing is thrown for a failed call: policy belongs to the caller.
 *       {@link SyscallException#check} turns an unexpected failure into an exception.</li>
 *   <li>Every call is counted per thread ({@link Syscalls}) and traced when
 *       {@link Syscalls#trace(boolean)} is on.</li>
 *   <li>The syscalls a probe makes once per probe point (rt_sigprocmask, getsockopt, connect,
 *       sched_setaffinity, pread, pwrite) go straight to the kernel through {@link RawSyscall} where its
 *       stub is in place: the same result, {@code -errno} from the kernel itself, without libc's
 *       wrapper and the errno capture.</li>
 * </ul>
 */
public final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Native() {
    }

    /**
     * Links a libc function with errno capture ({@code captureCallState("errno")} is the first
     * leading argument of the handle).
     *
     * @param name  the libc symbol
     * @param desc  its C signature
     * @param extra further options, e.g. {@code firstVariadicArg}
     * @return the downcall handle
     * @throws UnsupportedOperationException when libc has no such symbol
     */
    @SuppressWarnings("restricted")
    static MethodHandle link(final String name, final FunctionDescriptor desc, final Linker.Option... extra) {
        final MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no symbol " + name));
        final Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, desc, options);
    }

    /** @return this thread's errno capture segment, the call counted */
    static MemorySegment capture() {
        final Syscalls.PerThread t = Syscalls.state();
        t.count++;
        return t.capture;
    }

    /**
     * @param fn      function name for the trace
     * @param ret     the C result
     * @param failure the C failure value (-1, MAP_FAILED)
     * @param state   the capture segment of the call
     * @return {@code ret}, or {@code -errno} when {@code ret == failure}
     */
    static long result(final String fn, final long ret, final long failure,
                       final MemorySegment state, final long a, final long b, final long c) {
        final long r = ret == failure ? -(int) ERRNO.get(state, 0L) : ret;
        if (Syscalls.tracing()) {
            Syscalls.log(fn, a, b, c, r);
        }
        return r;
    }

    /** As {@link #result(String, long, long, MemorySegment, long, long, long)}, for calls of up to six arguments. */
    static long result(final String fn, final long ret, final long failure, final MemorySegment state,
                       final long a, final long b, final long c, final long d, final long e, final long f) {
        final long r = ret == failure ? -(int) ERRNO.get(state, 0L) : ret;
        if (Syscalls.tracing()) {
            Syscalls.log(fn, new long[] {a, b, c, d, e, f}, r);
        }
        return r;
    }

    static AssertionError linkageBug(final Throwable t) {
        return new AssertionError("downcall failed unexpectedly", t);
    }

    /** @return true when this JVM lets Faultline's code make downcalls (native access granted) */
    public static boolean nativeAccessEnabled() {
        return Native.class.getModule().isNativeAccessEnabled();
    }

    /**
     * Links machine code that Faultline wrote into an executable page of its own (the MTE tag
     * instructions: STG, LDG). No errno capture: the code makes no syscall.
     *
     * @param code address of the first instruction (page mapped PROT_READ|PROT_EXEC)
     * @param desc its C signature
     * @return the handle
     */
    @SuppressWarnings("restricted")
    public static MethodHandle linkCode(final long code, final FunctionDescriptor desc) {
        return LINKER.downcallHandle(MemorySegment.ofAddress(code), desc);
    }

    /**
     * Links {@code symbol} of the shared library {@code library} (dlopen(3) once per call, the
     * library kept for the JVM's life), without errno capture: for C that reports through its
     * result, such as the benchmark's C floor ({@code bench/c/probe.c} built as
     * {@code libcprobe.so}) or a user's own probe loop explored from jshell.
     *
     * @param library path of the .so
     * @param symbol the exported function
     * @param desc its C signature
     * @return the handle
     * @throws IllegalArgumentException when the library cannot be loaded or has no such symbol
     */
    @SuppressWarnings("restricted")
    public static MethodHandle linkLibrary(final Path library, final String symbol, final FunctionDescriptor desc) {
        final MemorySegment address = SymbolLookup.libraryLookup(library, Arena.global())
                .find(symbol)
                .orElseThrow(() -> new IllegalArgumentException(library + " has no symbol " + symbol));
        return LINKER.downcallHandle(address, desc);
    }

    /**
     * A DIRECT one-byte load from Java at {@code addr}: the JVM dies (SIGSEGV) when the
     * address is inaccessible or, under MTE sync mode, its tag mismatches. Only for child-JVM
     * experiments whose exit status is the result; never in-process.
     *
     * @return the byte
     */
    @SuppressWarnings("restricted")
    public static byte peek(final long addr) {
        return MemorySegment.ofAddress(addr).reinterpret(1).get(ValueLayout.JAVA_BYTE, 0);
    }
}
