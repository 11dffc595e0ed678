package dev.faultline.sys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-thread count of the syscalls the bindings made, and the {@code --trace} switch.
 * A probe reads the counter before and after, so {@code syscalls} in every result is what the
 * call really cost on this thread.
 */
public final class Syscalls {
    /** The trace's logger, made on the first trace line: slf4j's start (a service lookup in the jars) is not paid by every command. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger("faultline.syscalls");
    }

    /**
     * Per-thread state of every downcall: the errno capture segment and the syscall count. A
     * caller that reads the count before and after a call takes it once ({@link #counter()}) and
     * reads {@link #count()} twice: one thread-local lookup, not two.
     */
    public static final class PerThread {
        final java.lang.foreign.MemorySegment capture;
        long count;

        PerThread(final java.lang.foreign.MemorySegment capture) {
            this.capture = capture;
        }

        /** @return syscalls made so far by the thread this belongs to (read it on that thread) */
        public long count() {
            return count;
        }
    }

    private static final ThreadLocal<PerThread> STATE = ThreadLocal.withInitial(() -> new PerThread(
            java.lang.foreign.Arena.ofAuto().allocate(java.lang.foreign.Linker.Option.captureStateLayout())));
    private static volatile boolean trace;

    private Syscalls() {
    }

    /** @return syscalls made so far by this thread */
    public static long count() {
        return STATE.get().count;
    }

    /** @return this thread's state, whose {@link PerThread#count()} is {@link #count()} */
    public static PerThread counter() {
        return STATE.get();
    }

    static PerThread state() {
        return STATE.get();
    }

    /** @param on log every syscall with its arguments and result, as strace -y prints them (level INFO) */
    public static void trace(final boolean on) {
        trace = on;
    }

    /** @return whether {@code --trace} is on */
    public static boolean tracing() {
        return trace;
    }

    /**
     * Writes one line of the trace (slf4j's {@code {}} placeholders).
     *
     * @param format the line
     * @param args   its values
     */
    public static void traceLine(final String format, final Object... args) {
        Log.LOG.info(format, args);
    }

    static void log(final String fn, final long a, final long b, final long c, final long r) {
        log(fn, new long[] {a, b, c}, r);
    }

    /** Writes the trace line of one call as strace -y would print it ({@link TraceFormat}). */
    static void log(final String fn, final long[] args, final long r) {
        Log.LOG.info(TraceFormat.line(fn, args, r));
    }
}
