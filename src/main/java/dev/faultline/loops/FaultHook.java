package dev.faultline.loops;

/**
 * Where a fault injector plugs into a loop run: the race layer implements it. Every method is
 * called on the loop's thread while it holds the region's lease, with addresses inside the run.
 */
public interface FaultHook {
    /** No injection. */
    FaultHook NONE = new FaultHook() {
        @Override
        public void beforeRun(final long addr, final long len) {
        }

        @Override
        public void afterFaultIn(final long addr, final long len) {
        }

        @Override
        public void afterCopy() {
        }

        @Override
        public long injections() {
            return 0;
        }
    };

    /** Once, before the first copy: the state the syscall starts in (e.g. a cold page table). */
    void beforeRun(long addr, long len);

    /** Right after a fault-in of {@code [addr, addr+len)} returned. */
    void afterFaultIn(long addr, long len);

    /** Right after each copy attempt (undo a bounded-moment fault). */
    void afterCopy();

    /** @return injections made so far */
    long injections();
}
