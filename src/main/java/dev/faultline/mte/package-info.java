/**
 * Layer {@code mte}: arm64 Memory Tagging Extension: detection (AT_HWCAP2 bit 18,
 * PR_GET_TAGGED_ADDR_CTRL), the per-thread tag-check mode, PROT_MTE regions through
 * {@link dev.faultline.mte.Regions}, and tags written and read with STG/LDG emitted into an
 * executable page ({@link dev.faultline.mte.TagCode}).
 *
 * <p>Conventions: region pointers carry tag 0 and layout marks get {@link dev.faultline.mte.Mte#MARK_TAG},
 * so addresses stay plain for every syscall; the thread that probes must be in sync mode
 * ({@link dev.faultline.mte.Mte#enableSync()}); nothing here dereferences a tagged region from
 * Java (a mismatch would kill the JVM: such experiments run in a child JVM). Everything here
 * throws {@link java.lang.IllegalStateException} with the reason when MTE is not available.
 *
 * <p>May touch: sys, memory (it implements memory.Tagging). Never: anything x86-specific, loops.
 */
package dev.faultline.mte;
