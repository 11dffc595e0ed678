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
 *
 * <p>The file offset a copy from the user buffer goes to has the user address's offset in its
 * page, so the file's pages and the buffer's pages share their boundaries: before v5.16
 * generic_perform_write faults in a chunk of one FILE page and writes nothing of it when any byte
 * fails, and a chunk straddling two user pages would lose the accessible bytes of the first
 * (measured on Debian's 5.10: {@code write} from {@code rw,none} at offset 1 copied nothing of the
 * first page instead of its 4095 bytes).
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
        final long base = user & (dev.faultline.sys.Unistd.pageSize() - 1);
        final long done = Transfer.prefix(n, d -> file.fromUser(user + d, n - d, base + d));
        if (done > 0) {
            file.unload(dst, done, base);
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
