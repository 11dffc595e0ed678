/**
 * Layer {@code memory}: regions built from layouts, and their expected and measured access.
 *
 * <p>Conventions:
 * <ul>
 *   <li>A {@link dev.faultline.memory.Region} is page aligned and a whole number of pages;
 *       offsets in the API are relative to its start and checked before any syscall
 *       ({@link java.lang.IndexOutOfBoundsException} with offset, size and region size).</li>
 *   <li>Nothing may touch a region's addresses without a
 *       {@link dev.faultline.memory.Region.Lease}; close waits for every lease.</li>
 *   <li>A hole is the kernel's once the region is built. A region with holes is placed in the
 *       gap between mmap_base and the stack, where no mmap without an address lands
 *       ({@code StackGap}), and every lease checks its holes before and after (msync
 *       ENOMEM): a hole found mapped voids what was measured under the lease
 *       ({@link dev.faultline.memory.HoleTakenException}; the oracle reruns the case).</li>
 *   <li>Nothing here dereferences a region from Java: filling uses process_vm_writev,
 *       measuring uses process_vm_readv, MADV_POPULATE_WRITE and pread/pwrite on a memfd.</li>
 *   <li>Layouts that cannot be built (marks without MTE, guard pages on an old kernel, more
 *       mappings than vm.max_map_count) throw {@link dev.faultline.memory.LayoutException}
 *       with one line that says why and what to do, and leave nothing mapped.</li>
 * </ul>
 *
 * <p>May touch: sys. Never: any layer above (uaccess, faultin, loops, ...).
 */
package dev.faultline.memory;
