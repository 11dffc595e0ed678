package dev.faultline.faultin;

import dev.faultline.sys.KernelFeatures;
import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;

/**
 * Probes through the real kernel, one syscall per probe (the {@code faithful} implementation):
 * <ul>
 *   <li>{@link #load}: one exact 1-byte copy_from_user of that byte, the same uaccess load
 *       get_user does (tag-checked under MTE sync), through the process's
 *       {@link ProbeMechanism} ({@link ProbeMechanisms#current()}: rt_sigprocmask of its
 *       aligned word by default);</li>
 *   <li>{@link #storeZero}: one exact 1-byte store of a zero by the kernel, as put_user(0) in
 *       fault_in_writeable, through the same mechanism (getsockopt(SO_DEBUG) of one byte by default);</li>
 *   <li>{@link #gup}: {@code madvise(page, PAGE, MADV_POPULATE_READ|WRITE)} —
 *       faultin_page_range, the same handle_mm_fault path fault_in_safe_writeable's
 *       fixup_user_fault takes, without touching data and without checking tags.
 *       process_vm_writev of the byte read back was the alternative; it is not faithful for
 *       PROT_WRITE-only pages (the read-back fails) and it writes data.</li>
 * </ul>
 * The caller holds a lease of the region the addresses lie in.
 */
public final class KernelProber implements Prober {
    /** The one instance (stateless; the scratch file is per thread). */
    public static final KernelProber INSTANCE = new KernelProber();

    private KernelProber() {
    }

    @Override
    public boolean load(final long addr) {
        return ProbeMechanisms.current().load(addr);
    }

    @Override
    public boolean storeZero(final long addr) {
        return ProbeMechanisms.current().storeZero(addr);
    }

    @Override
    public boolean gup(final long pageAddr, final AccessMode mode) {
        KernelFeatures.requirePopulate("the gup strategies");
        return Mman.madvise(pageAddr, Unistd.pageSize(),
                mode == AccessMode.WRITE ? Mman.MADV_POPULATE_WRITE : Mman.MADV_POPULATE_READ) == 0;
    }
}
