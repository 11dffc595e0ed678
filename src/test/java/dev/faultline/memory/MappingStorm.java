package dev.faultline.memory;

import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A thread that maps and unmaps pages as fast as it can, as any JVM thread may (mmap with no
 * address: the kernel chooses), and keeps the proof that nothing else wrote into them: each page
 * is filled with {@link #CANARY} when mapped and checked byte by byte before it is unmapped. Its
 * pages are its own and mapped read+write for as long as it touches them, so it reads and writes
 * them from Java.
 */
public final class MappingStorm implements AutoCloseable {
    /** What every page of the storm holds while it is mapped. */
    public static final byte CANARY = (byte) 0xc3;
    /** One-page mappings held at once. */
    private static final int BURST = 32;

    private final Thread thread;
    private volatile boolean stop;
    private final AtomicLong mappings = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong inGap = new AtomicLong();

    private MappingStorm() {
        this.thread = Thread.ofPlatform().daemon().name("mapping-storm").start(this::storm);
    }

    /** @return a running storm */
    public static MappingStorm start() {
        return new MappingStorm();
    }

    private void storm() {
        final long page = Unistd.pageSize();
        final StackGap gap = StackGap.get();
        final long[] live = new long[BURST];
        while (!stop) {
            // a burst of one-page mappings, all held at once: each takes the highest free page the
            // kernel finds, so the burst fills the free pages above a region before it reaches its holes
            int n = 0;
            for (; n < BURST && !stop; n++) {
                final long a = Mman.mmap(0, page, Mman.PROT_READ | Mman.PROT_WRITE,
                        Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
                if (a < 0) {
                    break;
                }
                if (a < gap.high() && a + page > gap.low()) {
                    inGap.incrementAndGet();
                }
                MemorySegment.ofAddress(a).reinterpret(page).fill(CANARY);
                live[n] = a;
            }
            for (int i = 0; i < n; i++) {
                final MemorySegment s = MemorySegment.ofAddress(live[i]).reinterpret(page);
                for (long b = 0; b < page; b++) {
                    if (s.get(JAVA_BYTE, b) != CANARY) {
                        changed.incrementAndGet();
                        break;
                    }
                }
                Mman.munmap(live[i], page);
                mappings.incrementAndGet();
            }
        }
    }

    /** @return mappings made and unmapped so far */
    public long mappings() {
        return mappings.get();
    }

    /** @return the storm's pages in which a byte had changed when it was unmapped (must be 0) */
    public long pagesChanged() {
        return changed.get();
    }

    /** @return the storm's mappings the kernel placed in the stack gap (must be 0) */
    public long placedInGap() {
        return inGap.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
    }
}
