/**
 * Layer {@code faultin}: the {@code fault_in_*} family and its probing strategies, with the
 * kernel's return semantics (bytes NOT faulted in, counted from the end; size 0 -> 0 with no
 * probe; a range that wraps or leaves user space -> size with no probe; the first failing
 * probe ends the call).
 *
 * <p>Which methods may fault: every probe goes through a {@link dev.faultline.faultin.Prober};
 * the {@link dev.faultline.faultin.KernelProber} turns each into one syscall that returns
 * EFAULT instead of faulting, through the process's {@link dev.faultline.faultin.ProbeMechanism}
 * (default {@code sigprocmask}: rt_sigprocmask reads the byte's aligned word, getsockopt(SO_DEBUG)
 * with a length of 1 stores one zero ({@link dev.faultline.faultin.ZeroStore}); self-tested once
 * per process, with {@code zero-fd}, {@code affinity} and the memfd as fallbacks), MADV_POPULATE_* for GUP. Batched and bulk implementations check a short
 * answer against the point's own probe (pre-5.16 write paths stop at a chunk, not a byte). Write probes of {@code page} and {@code granule} STORE ZEROS, as
 * the kernel does. Counts ({@code probes}) are the kernel's, whatever the implementation;
 * {@code syscalls} is what the call really cost. {@link dev.faultline.faultin.FaultIn#faultInReadable} and
 * {@link dev.faultline.faultin.FaultIn#faultInWriteable} are the kernel's own call shape (region bytes in,
 * the leftover out, no tally): the hot-path form. No copy loops live here.
 *
 * <p>May touch: sys, memory. Never: uaccess copies, loops.
 */
package dev.faultline.faultin;
