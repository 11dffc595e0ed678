package dev.faultline.uaccess;

import dev.faultline.sys.Vm;

import java.lang.foreign.MemorySegment;

/**
 * {@code vm}: process_vm_readv/writev on this JVM's own pid. The user side is the "remote"
 * side, pinned page by page with GUP: VMA permissions are honoured exactly (a PROT_WRITE-only
 * page is unreadable even on x86), and arm64 MTE tags are never checked (docs/kernel.md#process_vm_readv-and-process_vm_writev).
 * Measured here (native-notes/process_vm.md): the count stops at the exact first byte of the
 * first inaccessible page. A short count is followed by one more call at the stop point, so
 * a stop for another reason (the 0x7ffff000 MAX_RW_COUNT clamp) is continued and the prefix
 * is exact.
 */
public final class VmCopy implements UserCopy {
    /** The one instance. */
    public static final VmCopy INSTANCE = new VmCopy();

    private VmCopy() {
    }

    @Override
    public String name() {
        return "vm";
    }

    @Override
    public boolean tagChecked() {
        return false;
    }

    @Override
    public long copyFromUser(final long user, final MemorySegment dst, final long n) {
        return n - Transfer.prefix(n, done -> Vm.read(user + done, dst.asSlice(done), n - done));
    }

    @Override
    public long copyToUser(final long user, final MemorySegment src, final long n) {
        return n - Transfer.prefix(n, done -> Vm.write(user + done, src.asSlice(done), n - done));
    }
}
