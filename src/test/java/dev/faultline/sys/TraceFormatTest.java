package dev.faultline.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** {@code --trace} lines read as strace -y prints them. */
class TraceFormatTest {
    @Test
    void mmapNamesItsProtectionAndFlagsAndPrintsTheAddress() {
        assertEquals("mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000",
                TraceFormat.line("mmap", new long[] {0, 8192, Mman.PROT_NONE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0},
                        0x7f0000000000L));
        assertEquals("mmap(0x10000, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE|0x40000000,"
                + " -1, 0) = -1 EEXIST(17)", TraceFormat.line("mmap", new long[] {0x10000, 4096,
                    Mman.PROT_READ | Mman.PROT_WRITE,
                    Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED_NOREPLACE | 0x40000000, -1, 0}, -17));
    }

    @Test
    void madviseAndMprotectAndMsyncNameTheirArguments() {
        assertEquals("madvise(0x1000, 4096, MADV_DONTNEED) = 0",
                TraceFormat.line("madvise", new long[] {0x1000, 4096, Mman.MADV_DONTNEED}, 0));
        assertEquals("mprotect(0x1000, 4096, PROT_READ) = 0",
                TraceFormat.line("mprotect", new long[] {0x1000, 4096, Mman.PROT_READ}, 0));
        assertEquals("msync(0x1000, 4096, MS_ASYNC) = -1 ENOMEM(12)",
                TraceFormat.line("msync", new long[] {0x1000, 4096, Mman.MS_ASYNC}, -12));
        assertEquals("madvise(0x1000, 4096, 99) = -1 EINVAL(22)",
                TraceFormat.line("madvise", new long[] {0x1000, 4096, 99}, -22));
    }

    @Test
    void fdsCarryTheFileTheyAreAndPathsArePrinted() {
        try (Arena a = Arena.ofConfined()) {
            final MemorySegment path = a.allocateFrom("/dev/zero");
            final long fd = Fcntl.open(path.address(), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
            try {
                assertEquals("open(\"/dev/zero\", O_RDONLY|O_CLOEXEC, 0600) = " + fd + "</dev/zero>",
                        TraceFormat.line("open", new long[] {path.address(), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0600}, fd));
                assertEquals("pread(" + fd + "</dev/zero>, 0x2000, 1, 0) = -1 EFAULT(14)",
                        TraceFormat.line("pread", new long[] {fd, 0x2000, 1, 0}, -14));
            } finally {
                Unistd.close((int) fd);
            }
            assertEquals("close(" + fd + ") = 0", TraceFormat.line("close", new long[] {fd, 0, 0}, 0),
                    "a closed fd has no name");
        }
    }

    @Test
    void openFlagsNameTheAccessModeAndEveryBit() {
        assertEquals("O_RDWR|O_CREAT|O_TRUNC|O_DIRECT|O_CLOEXEC", TraceFormat.arg(TraceFormat.Arg.OPEN,
                Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_TRUNC | Fcntl.O_DIRECT | Fcntl.O_CLOEXEC, 0));
        assertEquals("O_WRONLY", TraceFormat.arg(TraceFormat.Arg.OPEN, 1, 0));
    }

    @Test
    void theStoreSocketPrintsAsStraceDoes() {
        assertEquals("socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0) = -1 EACCES(13)", TraceFormat.line("socket",
                new long[] {Socket.AF_UNIX, Socket.SOCK_DGRAM | Socket.SOCK_CLOEXEC, 0}, -13));
        assertEquals("getsockopt(-1, SOL_SOCKET, SO_DEBUG, 0x2000, 0x3000) = -1 EBADF(9)", TraceFormat.line("getsockopt",
                new long[] {-1, Socket.SOL_SOCKET, Socket.SO_DEBUG, 0x2000, 0x3000}, -9));
    }
}
