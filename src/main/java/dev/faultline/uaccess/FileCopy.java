package dev.faultline.uaccess;

import dev.faultline.sys.ScratchFile;

import java.lang.foreign.MemorySegment;

/**
 * {@code uaccess}: the kernel's own copy_from_user / copy_to_user, driven through a per-thread
 * memfd ({@link ScratchFile}): {@code pwrite(memfd, user, n)} copies from the user buffer,
 * {@code pread(memfd, user, n)} copies into it. This is the path read()/write() of a regular
 * file take, so arm64 MTE tags are checked (sync mode) at 16-byte precision. Pipes and sockets
 * are not used: they drop a partially copied chunk (docs/kernel.md#pipes-and-sockets). A short
 * count is followed by one more call at the stop point, so the prefix is exact.
 */
public final class FileCopy implements UserCopy {
    /** The one instance. */
    public static final FileCopy INSTANCE = new FileCopy();

    private FileCopy() {
    }

    @Override
    public String name() {
        return "uaccess";
    }

    @Override
    public boolean tagChecked() {
        return true;
    }

    @Override
    public long copyFromUser(final long user, final MemorySegment dst, final long n) {
        if (n == 0) {
            return 0;
        }
        final ScratchFile file = ScratchFile.get();
        final long done = Transfer.prefix(n, d -> file.fromUser(user + d, n - d, d));
        if (done > 0) {
            file.unload(dst, done);
        }
        return n - done;
    }

    @Override
    public long copyToUser(final long user, final MemorySegment src, final long n) {
        if (n == 0) {
            return 0;
        }
        final ScratchFile file = ScratchFile.get();
        file.load(src, n);
        return n - Transfer.prefix(n, d -> file.toUser(user + d, n - d, d));
    }
}
