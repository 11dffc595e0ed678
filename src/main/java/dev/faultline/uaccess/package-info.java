/**
 * Layer {@code uaccess}: copies between user memory and Faultline's own memory that never
 * crash, under the kernel's uaccess contract (bytes NOT copied; exact prefix; nothing past it
 * touched; {@code n} only when nothing could be copied).
 *
 * <p>Mechanisms, each named for what it is: {@code vm} (process_vm_readv/writev: GUP,
 * tag-blind), {@code uaccess} (pread/pwrite on a memfd: the kernel's own copy_{to,from}_user,
 * tag-checked) and {@code nofault} (a MODEL of a page-fault-disabled copy: the pagemap present
 * bit, then {@code uaccess}). The raw {@link dev.faultline.uaccess.UserCopy} methods take
 * addresses and require the caller to hold the region's lease;
 * {@link dev.faultline.uaccess.UserCopies} does that for region offsets. No retry loops live
 * here beyond continuing a short count to confirm its stop point.
 *
 * <p>May touch: sys, memory. Never: faultin, loops (no retry logic here).
 */
package dev.faultline.uaccess;
