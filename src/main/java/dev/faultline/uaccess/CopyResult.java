package dev.faultline.uaccess;

/**
 * One copy's result.
 *
 * @param requested bytes asked for
 * @param notCopied bytes not copied, counted from the end (the kernel's return value)
 * @param data      for copies from user memory, the bytes copied (length
 *                  {@code requested - notCopied}); empty for copies to user memory
 */
public record CopyResult(long requested, long notCopied, byte[] data) {
    /** @return bytes copied */
    public long copied() {
        return requested - notCopied;
    }
}
