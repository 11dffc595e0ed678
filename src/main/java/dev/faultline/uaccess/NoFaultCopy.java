package dev.faultline.uaccess;

import dev.faultline.sys.Pagemap;
import dev.faultline.sys.Unistd;

import java.lang.foreign.MemorySegment;

/**
 * {@code nofault} — a MODEL of the kernel's page-fault-disabled copy
 * ({@code copy_folio_from_iter_atomic}, {@code copy_to_user_nofault}, iter->nofault):
 * a syscall from user space always takes page faults itself, so Faultline models "faults
 * disabled" on the real page-table state. Before copying it reads the present bit of every
 * page of the range from /proc/self/pagemap and copies only the prefix of present pages,
 * through the real {@link FileCopy} (so protections and MTE tags still stop it where they
 * would).
 *
 * <p>What pagemap can see: whether a pte is present (bit 63). What it cannot see: whether a
 * present pte is writable (a COW-shared or zero-page pte is present but a write to it faults
 * with faults disabled), and accessed/young state. So for copies to user memory this model
 * copies where the kernel might stop; on Faultline's regions (written when made) every
 * present pte of a writable page is writable. A page made present between the pagemap read
 * and the copy is merely copied; one made non-present in that window is faulted in by the
 * real copy: the model is a snapshot, exact only without concurrent injectors.
 */
public final class NoFaultCopy implements UserCopy {
    /** The one instance. */
    public static final NoFaultCopy INSTANCE = new NoFaultCopy();

    private NoFaultCopy() {
    }

    @Override
    public String name() {
        return "nofault";
    }

    @Override
    public boolean tagChecked() {
        return true;
    }

    /**
     * @return how many bytes from {@code user} lie on pages that are present now
     */
    public static long presentPrefix(final long user, final long n) {
        if (n == 0) {
            return 0;
        }
        final long page = Unistd.pageSize();
        final long first = user & -page;
        final int pages = (int) ((user + n - first + page - 1) / page);
        final long[] entries = Pagemap.entries(first, pages);
        for (int i = 0; i < pages; i++) {
            if ((entries[i] & Pagemap.PM_PRESENT) == 0) {
                return Math.min(n, Math.max(0, first + i * page - user));
            }
        }
        return n;
    }

    @Override
    public long copyFromUser(final long user, final MemorySegment dst, final long n) {
        final long k = presentPrefix(user, n);
        return k == 0 ? n : n - k + FileCopy.INSTANCE.copyFromUser(user, dst, k);
    }

    @Override
    public long copyToUser(final long user, final MemorySegment src, final long n) {
        final long k = presentPrefix(user, n);
        return k == 0 ? n : n - k + FileCopy.INSTANCE.copyToUser(user, src, k);
    }
}
