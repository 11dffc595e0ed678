/**
 * Layer {@code scan}: the real kernel's copy paths, found rather than told. Every case is one real
 * kernel call into or out of a real partially accessible buffer: read and write in their positional,
 * vectored and io_uring forms, buffered and O_DIRECT, FS_IOC_FIEMAP and btrfs's tree search, on a
 * file of a real file system; and on no file system ({@link dev.faultline.scan.ScanCall#NO_FS}) the
 * census's other no-fault loops: /proc/kcore, UFFDIO_COPY, the futex calls and x86-64's signal
 * frames ({@link dev.faultline.scan.ScanCall}). A small C driver ({@code src/main/c/scan/scancall.c})
 * runs each in a child process of its own and watches it. The child marks the moment its call starts
 * and the moment it returns, so the watch counts the call alone: its set-up (a file written and
 * fsynced, the buffer built) and the checks after it get ten deadlines, at least a minute. A call
 * still there after a quarter of a second is watched for half a second: one whose task spent most of
 * it in the kernel spins from the start and is sent a handled signal, then SIGKILL. Any other call
 * waits out its deadline and is watched for half a second more; one that spent at least a quarter of
 * it in the kernel (it spins) gets the signals; one that spent less (it sleeps, or waits for a CPU:
 * slow I/O on a loaded machine) gets ten more deadlines first, and one that returns by itself
 * meanwhile returned, late. The scan runs on lanes ({@link dev.faultline.scan.Scan.Options#lanes()}):
 * each takes the next file system, with a driver of its own whose children run on a CPU of their own;
 * making and removing file systems is one lane's at a time.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Nothing here is a model. The verdict of a case ({@link dev.faultline.scan.ScanVerdict}) is
 *       derived by {@link dev.faultline.scan.Rules} from what the call returned and what landed,
 *       compared byte by byte by the driver, against what was possible: the bytes of the request
 *       before its first byte the access cannot make ({@link dev.faultline.scan.Rules#possible}).</li>
 *   <li>The JVM never runs a case: a call that may never return, or may write into a page the
 *       JVM does not own, runs in the driver's child, whose buffer is the only thing it maps.</li>
 *   <li>A case known to keep a CPU until reboot on the running kernel
 *       ({@link dev.faultline.oracle.KnownUnkillable}) is not started outside the emulated machine
 *       without {@code --allow-unkillable}. One that leaves such a task stops every lane before its next case; its
 *       {@link dev.faultline.scan.ScanRecord} lets a fresh boot resume after it, and the path is not
 *       tried again.</li>
 *   <li>Every anomaly (DIRTY, OVERREPORT, LIVELOCK, UNKILLABLE) names its finding page, or says it
 *       has none yet ({@link dev.faultline.scan.Findings}).</li>
 * </ul>
 * May touch: sys, memory (layouts), mte (availability), oracle (loop images). Never: cli, report.
 */
package dev.faultline.scan;
