package dev.faultline.oracle;

import dev.faultline.memory.Backing;
import dev.faultline.memory.HoleTakenException;
import dev.faultline.memory.Region;
import dev.faultline.mte.Regions;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Fcntl;
import dev.faultline.sys.Unistd;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import java.util.function.Supplier;

/**
 * What the real kernel did in one oracle case: the call's result, what landed, and the
 * watchdog's evidence when the call did not return.
 *
 * @param returned the syscall's result ({@code -errno} on failure; 0 when it did not return)
 * @param landed   bytes that landed (the buffer for reads, the file for direct writes), or -1
 * @param evidence the watchdog's evidence of a call that did not return, or null
 */
record KernelSide(long returned, long landed, String evidence) {
    /** Attempts of one case whose region's hole was found mapped before the oracle gives up. */
    static final int ATTEMPTS = 3;

    /**
     * Runs a case again when a hole of its region was mapped by someone else while the kernel
     * used it ({@link HoleTakenException}): that result is void, never reported.
     *
     * @throws HoleTakenException when every attempt found a hole taken
     */
    static KernelSide rerunWhileHolesTaken(final Supplier<KernelSide> kernelCase) {
        for (int attempt = 1; ; attempt++) {
            try {
                return kernelCase.get();
            } catch (HoleTakenException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The real call of one case under the watchdog, and what landed. */
    static KernelSide run(final OracleLoop loop, final Oracle.Case c, final Path file, final boolean write,
                                         final boolean direct, final Watchdog watchdog, final List<Integer> abandoned) {
        long kernel;
        long landed = -1;
        String evidence = null;
        try (Region r = Regions.of(c.layout(), Backing.ANON)) {
            final long user = r.address(c.offset(), c.size());
            final int fd = OracleFiles.open(file, (write ? Fcntl.O_RDWR | Fcntl.O_TRUNC : Fcntl.O_RDONLY)
                    | (direct ? Fcntl.O_DIRECT : 0));
            boolean returned = false;
            try (Region.Lease l = r.lease()) {
                kernel = watchdog.call(() -> {
                    if (dev.faultline.mte.Mte.available()) {
                        dev.faultline.mte.Mte.enableSync(); // tag-check mode is per thread
                    }
                    return write ? Unistd.pwrite(fd, user, c.size(), 0) : Unistd.pread(fd, user, c.size(), 0);
                });
                returned = true;
            } catch (java.util.concurrent.TimeoutException e) {
                kernel = 0;
                evidence = watchdog.evidence();
            } finally {
                if (returned) {
                    Unistd.close(fd);
                } else {
                    abandoned.add(fd);
                }
            }
            if (evidence == null && !write) {
                landed = OracleFiles.landed(r, c);
            } else if (evidence == null && direct) { // what reached the file, whatever the call returned
                landed = OracleFiles.fileSize(file);
            }
            if (kernel < 0 && kernel != -Errno.EFAULT.number()) {
                throw new IllegalStateException(String.format(Locale.ENGLISH,
                        "%s on %s [%d,+%d) failed with %s", loop, c.layout(), c.offset(), c.size(),
                        Errno.describe((int) -kernel)));
            }
        }
        return new KernelSide(kernel, landed, evidence);
    }
}
