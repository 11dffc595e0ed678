package dev.faultline.faultin;

/**
 * One fault-in call. Two calls with equal results may return the same instance (a call returns
 * the last call's result when the values are the same, so a hot loop allocates nothing):
 * compare results with {@code equals}, never by identity.
 *
 * @param size     bytes asked for
 * @param leftover bytes NOT faulted in, counted from the end (the kernel's return value)
 * @param probes   probe points touched, counted as the kernel would
 * @param failedAt offset of the failing probe (relative to the region or address given), or
 *                 null when every probe succeeded
 * @param syscalls syscalls the call really issued
 */
public record FaultInResult(long size, long leftover, int probes, Long failedAt, long syscalls) {
}
