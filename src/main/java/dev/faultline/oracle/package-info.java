/**
 * Layer {@code oracle}: the real kernel beside the models. Each oracle runs a case through the
 * real kernel path (pwrite/pread on a regular file, O_DIRECT, the btrfs tree-search ioctl, gfs2's
 * buffered read, O_DIRECT read of a hole and FS_IOC_FIEMAP, a pread of /proc/kcore) with the user
 * buffer inside a real region, runs the model of the same loop on an
 * identical region, and names both results the same way ({@code Oracle.verdictOf}).
 *
 * <p>Conventions:
 * <ul>
 *   <li>File systems the host does not offer are made as loop-mounted images
 *       ({@link dev.faultline.oracle.LoopImage}, root and the file system's mkfs needed); an image
 *       is always unmounted and deleted by its {@code close()}.</li>
 *   <li>Every real call that could livelock runs under the one
 *       {@link dev.faultline.oracle.Watchdog}: after its deadline the case is the kernel's own
 *       LIVELOCK, with evidence from /proc/self/task; the buffer is unmapped only after
 *       that evidence is taken (unmapping it makes the spinning call's next fault-in fail, and by
 *       their code gfs2's and kcore's loops stop on that; 5.10's btrfs search does not).</li>
 *   <li>A disagreement carries its cause; one no known cause explains says
 *       {@link dev.faultline.oracle.Oracle#UNEXPLAINED}.</li>
 *   <li>The kernel version is read only to choose which kernel code to model (its era), never to
 *       detect a feature: features are detected by calling them.</li>
 * </ul>
 * May touch: sys, memory, uaccess, faultin, mte, loops, lab (progress). Never: cli, report.
 */
package dev.faultline.oracle;
