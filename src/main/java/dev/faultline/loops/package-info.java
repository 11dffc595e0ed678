/**
 * Layer {@code loops}: MODELS of the kernel loops that combine no-fault copies with
 * fault-in (generic_perform_write, btrfs search_ioctl, iomap direct I/O under gfs2's retry,
 * gfs2 buffered read, gfs2's O_DIRECT read of a hole, gfs2 fiemap, ext4's and btrfs's own
 * direct-I/O reads, /proc/kcore's vmalloc read), run against real regions, with outcomes and
 * verdicts.
 *
 * <p>The loop logic is modelled; everything it touches is real: copies go through a
 * {@link dev.faultline.uaccess.UserCopy} ({@code nofault} by default), fault-ins through the
 * real kernel. A run holds its region's lease throughout. Nothing ever hangs: a loop without
 * progress for {@code maxRounds} rounds stops with LIVELOCK. No raw syscalls here, except the
 * GUP pinnability check of the direct-I/O model (MADV_POPULATE_WRITE), named in its Javadoc.
 *
 * <p>May touch: faultin, uaccess, memory, sys (only the pinnability check named above, and
 * {@code Arch} where an era's arm64 uaccess differs: the pre-5.16 hole read). Never: race, lab,
 * oracle, report, cli.
 */
package dev.faultline.loops;
