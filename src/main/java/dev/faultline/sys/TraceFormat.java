package dev.faultline.sys;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One {@code --trace} line as {@code strace -y} prints it: each argument in its C type (flags by
 * their names, fds with the file they are, sizes and offsets in decimal, addresses in hex, NULL for
 * 0), the result with its errno name. Called only while tracing; nothing here runs on the probe path.
 */
final class TraceFormat {
    /** How one argument prints. */
    enum Arg { ADDR, SIZE, INT, FD, PROT, MAP, MADV, MSYNC, OPEN, MODE, PATH, HEX, DOMAIN, SOCKTYPE, SOLEVEL, SOOPT }

    private static final Arg[] FD_BUF_N = {Arg.FD, Arg.ADDR, Arg.SIZE};
    private static final Arg[] FD_BUF_N_OFF = {Arg.FD, Arg.ADDR, Arg.SIZE, Arg.INT};

    /** Each traced call's arguments, in order (the syscall's own, as its man page gives them). */
    private static final Map<String, Arg[]> ARGS = Map.ofEntries(
            Map.entry("open", new Arg[] {Arg.PATH, Arg.OPEN, Arg.MODE}),
            Map.entry("memfd_create", new Arg[] {Arg.PATH, Arg.HEX}),
            Map.entry("close", new Arg[] {Arg.FD}),
            Map.entry("read", FD_BUF_N), Map.entry("write", FD_BUF_N),
            Map.entry("pread", FD_BUF_N_OFF), Map.entry("pwrite", FD_BUF_N_OFF),
            Map.entry("readv", FD_BUF_N), Map.entry("writev", FD_BUF_N),
            Map.entry("preadv", FD_BUF_N_OFF), Map.entry("pwritev", FD_BUF_N_OFF),
            Map.entry("ftruncate", new Arg[] {Arg.FD, Arg.SIZE}),
            Map.entry("lseek", new Arg[] {Arg.FD, Arg.INT, Arg.INT}),
            Map.entry("ioctl", new Arg[] {Arg.FD, Arg.HEX, Arg.ADDR}),
            Map.entry("connect", new Arg[] {Arg.FD, Arg.ADDR, Arg.SIZE}),
            Map.entry("socket", new Arg[] {Arg.DOMAIN, Arg.SOCKTYPE, Arg.INT}),
            Map.entry("getsockopt", new Arg[] {Arg.FD, Arg.SOLEVEL, Arg.SOOPT, Arg.ADDR, Arg.ADDR}),
            Map.entry("mmap", new Arg[] {Arg.ADDR, Arg.SIZE, Arg.PROT, Arg.MAP, Arg.FD, Arg.INT}),
            Map.entry("munmap", new Arg[] {Arg.ADDR, Arg.SIZE}),
            Map.entry("mprotect", new Arg[] {Arg.ADDR, Arg.SIZE, Arg.PROT}),
            Map.entry("madvise", new Arg[] {Arg.ADDR, Arg.SIZE, Arg.MADV}),
            Map.entry("msync", new Arg[] {Arg.ADDR, Arg.SIZE, Arg.MSYNC}),
            Map.entry("process_vm_readv", new Arg[] {Arg.INT, Arg.ADDR, Arg.INT}),
            Map.entry("process_vm_writev", new Arg[] {Arg.INT, Arg.ADDR, Arg.INT}),
            Map.entry("rt_sigprocmask", new Arg[] {Arg.INT, Arg.ADDR, Arg.ADDR}),
            Map.entry("sched_setaffinity", new Arg[] {Arg.INT, Arg.SIZE, Arg.ADDR}),
            Map.entry("prctl", new Arg[] {Arg.INT, Arg.HEX, Arg.HEX}),
            Map.entry("getauxval", new Arg[] {Arg.INT}));

    /** Calls whose result is an fd or an address. */
    private static final Map<String, Arg> RESULT = Map.of("open", Arg.FD, "memfd_create", Arg.FD, "socket", Arg.FD,
            "mmap", Arg.ADDR);

    private TraceFormat() {
    }

    /**
     * @param fn   the call's name
     * @param args its arguments as passed (a call with fewer arguments ignores the rest)
     * @param r    its result, {@code -errno} on failure
     * @return the line, e.g. {@code mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000}
     */
    static String line(final String fn, final long[] args, final long r) {
        final Arg[] kinds = ARGS.getOrDefault(fn, new Arg[] {Arg.HEX, Arg.HEX, Arg.HEX});
        final StringJoiner j = new StringJoiner(", ", fn + "(", ")");
        for (int i = 0; i < kinds.length && i < args.length; i++) {
            j.add(arg(kinds[i], args[i], r));
        }
        final boolean failed = r < 0 && r >= -4095 && !(fn.equals("getauxval"));
        return j + " = " + (failed ? "-1 " + Errno.describe((int) -r) : arg(RESULT.getOrDefault(fn, Arg.INT), r, r));
    }

    static String arg(final Arg kind, final long v, final long result) {
        return switch (kind) {
            case ADDR -> v == 0 ? "NULL" : "0x" + Long.toHexString(v);
            case SIZE, INT -> Long.toString(v);
            case HEX -> "0x" + Long.toHexString(v);
            case FD -> v < 0 ? Long.toString(v) : v + fdName(v);
            case PROT -> flags(v, "PROT_NONE", new long[] {Mman.PROT_READ, Mman.PROT_WRITE, Mman.PROT_EXEC,
                Mman.PROT_MTE}, new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC", "PROT_MTE"});
            case MAP -> flags(v, "0", new long[] {Mman.MAP_SHARED, Mman.MAP_PRIVATE, Mman.MAP_FIXED, Mman.MAP_ANONYMOUS,
                Mman.MAP_NORESERVE, Mman.MAP_FIXED_NOREPLACE}, new String[] {"MAP_SHARED", "MAP_PRIVATE", "MAP_FIXED",
                "MAP_ANONYMOUS", "MAP_NORESERVE", "MAP_FIXED_NOREPLACE"});
            case MADV -> switch ((int) v) {
                case Mman.MADV_DONTNEED -> "MADV_DONTNEED";
                case Mman.MADV_PAGEOUT -> "MADV_PAGEOUT";
                case Mman.MADV_POPULATE_READ -> "MADV_POPULATE_READ";
                case Mman.MADV_POPULATE_WRITE -> "MADV_POPULATE_WRITE";
                case Mman.MADV_GUARD_INSTALL -> "MADV_GUARD_INSTALL";
                case Mman.MADV_GUARD_REMOVE -> "MADV_GUARD_REMOVE";
                default -> Long.toString(v);
            };
            case MSYNC -> flags(v, "0", new long[] {Mman.MS_ASYNC, Mman.MS_SYNC}, new String[] {"MS_ASYNC", "MS_SYNC"});
            case OPEN -> ((v & 3) == Fcntl.O_RDWR ? "O_RDWR" : (v & 3) == 1 ? "O_WRONLY" : "O_RDONLY")
                    + rest(v & ~3L, new long[] {Fcntl.O_CREAT, Fcntl.O_TRUNC, Fcntl.O_NONBLOCK, Fcntl.O_DIRECT,
                        Fcntl.O_CLOEXEC}, new String[] {"O_CREAT", "O_TRUNC", "O_NONBLOCK", "O_DIRECT", "O_CLOEXEC"});
            case MODE -> "0" + Long.toOctalString(v);
            case PATH -> result < 0 && Errno.of((int) -result) == Errno.EFAULT ? "0x" + Long.toHexString(v) : quoted(v);
            case DOMAIN -> v == Socket.AF_UNIX ? "AF_UNIX" : Long.toString(v);
            case SOCKTYPE -> (v & ~Socket.SOCK_CLOEXEC) == Socket.SOCK_DGRAM
                    ? "SOCK_DGRAM" + ((v & Socket.SOCK_CLOEXEC) != 0 ? "|SOCK_CLOEXEC" : "") : "0x" + Long.toHexString(v);
            case SOLEVEL -> v == Socket.SOL_SOCKET ? "SOL_SOCKET" : Long.toString(v);
            case SOOPT -> v == Socket.SO_DEBUG ? "SO_DEBUG" : Long.toString(v);
        };
    }

    private static String flags(final long v, final String none, final long[] bits, final String[] names) {
        if (v == 0) {
            return none;
        }
        final String s = rest(v, bits, names);
        return s.substring(1);
    }

    /** @return "|NAME" for each named bit set in {@code v}, then "|0x..." for the bits no name covers */
    private static String rest(final long v, final long[] bits, final String[] names) {
        final StringBuilder b = new StringBuilder();
        long left = v;
        for (int i = 0; i < bits.length; i++) {
            if ((v & bits[i]) == bits[i] && bits[i] != 0) {
                b.append('|').append(names[i]);
                left &= ~bits[i];
            }
        }
        if (left != 0) {
            b.append("|0x").append(Long.toHexString(left));
        }
        return b.toString();
    }

    /** @return {@code <path>} of an fd of this process, as strace -y prints it, or "" when it is closed */
    private static String fdName(final long fd) {
        try {
            return "<" + Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)) + ">";
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /**
     * The C string a path or name argument points at. Only Faultline's own bindings pass these, each
     * a NUL-terminated string in an arena segment of its caller (never user-controlled memory), and
     * only a call that did not fail with EFAULT gets here.
     */
    @SuppressWarnings("restricted")
    private static String quoted(final long address) {
        return address == 0 ? "NULL" : "\"" + MemorySegment.ofAddress(address).reinterpret(4096).getString(0) + "\"";
    }
}
