package dev.faultline.memory;

/**
 * A region's access measured through the kernel, per mechanism.
 *
 * @param gup     through the page-table walk (process_vm_readv, MADV_POPULATE_WRITE): VMA
 *                permissions exactly, MTE tag-blind
 * @param uaccess through copy_{from,to}_user (pwrite/pread on a memfd): the CPU's access,
 *                which on x86 reads a PROT_WRITE-only page
 */
public record MeasuredMaps(AccessMap gup, AccessMap uaccess) {
}
