package dev.faultline.memory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The leases of one region: every user of its addresses holds one, and {@link #closeAndAwait}
 * returns only when none is held, so nothing reaches an address after it was unmapped (the
 * kernel reuses addresses: a late process_vm_writev would corrupt whatever was mapped there
 * next). Each {@link Region.Lease} is its own object and counts once, however often it is
 * closed.
 */
final class Leases {
    /** Leases held by each thread, over all regions: a close() inside one would wait forever. */
    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

    private final AtomicLong users = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param region the region, named in the exception (no name is built on the way that succeeds)
     * @param holes  the region when its holes are checked as the lease is returned, else null
     * @return a new lease, counted once
     * @throws RegionClosedException when the region is closed
     */
    Region.Lease take(final Region region, final Region holes) {
        users.incrementAndGet();
        if (closed) {
            throw refused(region);
        }
        final int[] held = HELD.get();
        held[0]++;
        return new Region.Lease(this, held, holes);
    }

    /** The lease just counted is given back: the region was closed (out of line: take stays small enough to inline). */
    private RegionClosedException refused(final Region region) {
        users.decrementAndGet();
        return new RegionClosedException(region.toString());
    }

    /** Returns a lease; {@link Region.Lease#close} calls it once per lease. */
    void release(final int[] held) {
        held[0]--;
        users.decrementAndGet();
    }

    boolean closed() {
        return closed;
    }

    /**
     * Marks the region closed and waits until every lease is returned.
     *
     * @return false when it was closed already
     * @throws IllegalStateException when this thread holds a lease (of any region)
     */
    boolean closeAndAwait(final Region region) {
        if (closed) {
            return false;
        }
        if (HELD.get()[0] > 0) {
            throw new IllegalStateException("close() while this thread holds a lease: " + region);
        }
        closed = true;
        // a lease taken before `closed` was set is counted in `users`; one taken after sees it
        while (users.get() > 0) {
            LockSupport.parkNanos(50_000);
        }
        return true;
    }
}
