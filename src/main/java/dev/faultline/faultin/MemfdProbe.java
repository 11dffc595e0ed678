package dev.faultline.faultin;

import dev.faultline.sys.ScratchFile;

import java.util.List;

/**
 * {@code memfd}: the per-thread scratch memfd ({@link ScratchFile}). Load:
 * {@code pwrite(memfd, addr, 1, 0)}; in mm/filemap.c generic_perform_write (5.10, 6.1, 6.12)
 * the source is faulted in first (fault_in_iov_iter_readable, a get_user) and then copied
 * atomically (copy_page_from_iter_atomic): two user accesses of the same byte; from 7.1 the
 * fault-in runs only after a short atomic copy. Store: {@code pread(memfd, addr, 1)} from a hole
 * of the file, shmem_file_read_iter → copy_to_user of one zero byte. The slowest of the three
 * (about 4× getppid for a load); the fallback when the others are filtered.
 */
public final class MemfdProbe implements ProbeMechanism {
    /** The one instance (the scratch file is per thread). */
    public static final MemfdProbe INSTANCE = new MemfdProbe();

    private MemfdProbe() {
    }

    @Override
    public String name() {
        return "memfd";
    }

    @Override
    public List<String> syscalls() {
        return List.of("pwrite", "pread");
    }

    @Override
    public long loadRaw(final long addr) {
        return ScratchFile.get().fromUser(addr, 1);
    }

    @Override
    public long storeZeroRaw(final long addr) {
        return ScratchFile.get().zeroToUser(addr);
    }

    @Override
    public boolean loadOk(final long raw) {
        return raw == 1;
    }

    @Override
    public boolean storeOk(final long raw) {
        return raw == 1;
    }
}
