package dev.faultline.memory;

import dev.faultline.sys.Mman;
import dev.faultline.sys.Unistd;

import java.util.ArrayList;
import java.util.List;

/**
 * What a region's Cleaner and close() undo: the reservation and the memfds behind it. Holds no
 * reference to the Region, so the Cleaner can run when the Region is unreachable.
 */
final class Mapping implements Runnable {
    private final long base;
    private final long size;
    /** The memfds the builder made, closed after the unmap. */
    final List<Integer> fds = new ArrayList<>();

    Mapping(final long base, final long size) {
        this.base = base;
        this.size = size;
    }

    @Override
    public void run() {
        Mman.munmap(base, size);
        fds.forEach(Unistd::close);
    }
}
