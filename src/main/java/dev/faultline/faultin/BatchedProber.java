package dev.faultline.faultin;

import dev.faultline.sys.ScratchFile;
import dev.faultline.sys.Vm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code batched}: the kernel's probe points, one byte each, up to IOV_MAX (1024) per syscall:
 * loads as pwritev and zero stores as preadv of 1-byte iovecs on the scratch memfd (uaccess,
 * tag-checked; each call stops at the first iovec it cannot copy). A probe at a point not yet
 * answered starts a batch at that point and the points that follow it on the strategy's
 * lattice (every 16 bytes for {@code granule}, every page otherwise), so the batch holds exactly
 * the points the kernel would probe next. Stores are batched only where the kernel's store
 * points are that lattice (the page pass); GUP probes go through a {@link GupOracle}.
 *
 * <p>A batch that stops short is checked: its first unanswered point is probed on its own
 * ({@link KernelProber}). Before v5.16, generic_perform_write (the memfd's write path) faulted
 * in a whole page-bounded chunk of the iovecs before copying and gave up on any failure, so a
 * pwritev stops at the chunk, not at the iovec that faults; when the single probe says the point
 * is good, the prober answers every later point one syscall at a time, as {@code faithful} does.
 */
final class BatchedProber implements Prober {
    /** UIO_MAXIOV, include/uapi/linux/uio.h. */
    static final int IOV_MAX = 1024;
    private static final ThreadLocal<MemorySegment> IOVS =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Vm.IOVEC, IOV_MAX));

    private final long end;
    private final long loadStride;
    private final long storeStride;
    private final GupOracle gupRead;
    private final GupOracle gupWrite;
    private final Lattice loads = new Lattice();
    private final Lattice stores = new Lattice();
    /** False once a short batch was contradicted by a single probe: batches cannot say where they stop here. */
    private boolean exact = true;

    /** Points {@code first}, then multiples of {@code stride} above it; the first {@code good} passed. */
    private static final class Lattice {
        long first = -1;
        long stride;
        long count;
        long good;

        /** @return the lattice point of index {@code i} */
        long point(final long i) {
            return i == 0 ? first : (first / stride + 1) * stride + (i - 1) * stride;
        }

        /** @return 1 good, 0 bad, -1 unknown */
        int answer(final long q) {
            if (first < 0 || q < first) {
                return -1;
            }
            final long idx;
            if (q == first) {
                idx = 0;
            } else if (q % stride == 0) {
                idx = (q - ((first / stride + 1) * stride)) / stride + 1;
            } else {
                return -1;
            }
            if (idx < good) {
                return 1;
            }
            return idx == good && good < count ? 0 : -1;
        }
    }

    BatchedProber(final long end, final long page, final Strategy strategy) {
        this.end = end;
        this.loadStride = strategy == Strategy.GRANULE ? FaultInFamily.GRANULE : page;
        this.storeStride = strategy == Strategy.PAGE || strategy == Strategy.GRANULE ? page : 0;
        this.gupRead = new GupOracle(end, page, AccessMode.READ);
        this.gupWrite = new GupOracle(end, page, AccessMode.WRITE);
    }

    private boolean batch(final Lattice l, final long q, final long stride, final boolean store) {
        final int known = l.answer(q);
        if (known >= 0) {
            return known == 1;
        }
        if (!exact) {
            return single(q, store);
        }
        final MemorySegment iov = IOVS.get();
        int n = 0;
        long p = q;
        while (p < end && n < (stride == 0 ? 1 : IOV_MAX)) {
            iov.setAtIndex(JAVA_LONG, 2L * n, p);
            iov.setAtIndex(JAVA_LONG, 2L * n + 1, 1L);
            n++;
            p = stride == 0 ? end : (p / stride + 1) * stride;
        }
        final ScratchFile f = ScratchFile.get();
        final long r = store ? f.zeroEach(iov.address(), n) : f.loadEach(iov.address(), n);
        final long s = stride == 0 ? 1 : stride;
        final int good = (int) Math.max(0, r);
        // a short batch whose first unanswered point is good on its own: the kernel stopped at a chunk
        final boolean contradicted = good < n && single(iov.getAtIndex(JAVA_LONG, 2L * good), store);
        final int answered = contradicted ? good : n;
        if (l.first >= 0 && l.good == l.count && l.stride == s && q == l.point(l.count)) {
            l.count += answered;
            l.good += good;
        } else {
            l.first = q;
            l.stride = s;
            l.count = answered;
            l.good = good;
        }
        if (contradicted) {
            exact = false;
            return true; // q itself: good in the batch, or the point just probed on its own
        }
        return r > 0;
    }

    private static boolean single(final long addr, final boolean store) {
        return store ? KernelProber.INSTANCE.storeZero(addr) : KernelProber.INSTANCE.load(addr);
    }

    @Override
    public boolean load(final long addr) {
        return batch(loads, addr, loadStride, false);
    }

    @Override
    public boolean storeZero(final long addr) {
        return batch(stores, addr, storeStride, true);
    }

    @Override
    public boolean gup(final long pageAddr, final AccessMode mode) {
        return (mode == AccessMode.WRITE ? gupWrite : gupRead).gup(pageAddr);
    }
}
