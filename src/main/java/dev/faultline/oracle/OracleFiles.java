package dev.faultline.oracle;

import dev.faultline.memory.Region;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.SyscallException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of the oracle's file loops: where each lives, its data pattern, and what landed of it. */
final class OracleFiles {
    private OracleFiles() {
    }

    static Path dataFile(final Path work, final OracleLoop loop) {
        return work.resolve("oracle-" + loop.word() + ".dat");
    }

    static void deleteIfExists(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int open(final Path file, final int flags) {
        try (Arena a = Arena.ofConfined()) {
            return (int) SyscallException.check("open", Fcntl.open(a.allocateFrom(file.toString()).address(),
                    flags | Fcntl.O_CLOEXEC, 0644), file.toString());
        }
    }

    static void fill(final Path file, final long n) {
        try {
            final byte[] data = new byte[(int) n];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 13 + 1);
            }
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leading bytes of the buffer that hold the file's data ({@link #fill}'s pattern). */
    static long landed(final Region r, final Oracle.Case c) {
        final dev.faultline.uaccess.CopyResult back = dev.faultline.uaccess.UserCopies.fromUser(
                dev.faultline.uaccess.VmCopy.INSTANCE, r, c.offset(), c.size());
        long n = 0;
        while (n < back.data().length && back.data()[(int) n] == (byte) (n * 13 + 1)) {
            n++;
        }
        return n;
    }

    static long fileSize(final Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
