/**
 * Layer {@code mte}: arm64 Memory Tagging Extension. Today only detection
 * ({@code mte status}): AT_HWCAP2 bit 18, PR_GET_TAGGED_ADDR_CTRL. Tagged regions, tag writes
 * and tag-checked probes are the MTE issue's work and are not built yet.
 */
package dev.faultline.mte;
