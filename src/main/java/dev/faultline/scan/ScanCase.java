package dev.faultline.scan;

import java.util.Locale;

/**
 * One case of the scan: a syscall on a file of one file system, into or out of a buffer of a
 * layout, at an offset of it, for a size. Its text form, {@code FS/CALL/MODE/BACKING/LAYOUT/OFFSET/SIZE}
 * (e.g. {@code ext4/pread/direct/private/rw,none,rw/512/11776}), names it in the report and in
 * {@code scan --repro}.
 *
 * @param fs      the file system (as mount(8) names it)
 * @param call    the syscall
 * @param mode    buffered or O_DIRECT
 * @param backing what the buffer is mapped from
 * @param layout  the buffer's pages, in the layout language
 * @param offset  the request's start in the buffer
 * @param size    the request's length
 */
public record ScanCase(String fs, ScanCall call, ScanMode mode, BufferBacking backing, String layout, long offset,
                       long size) {
    /**
     * @throws IllegalArgumentException for a negative offset or a size that is not positive
     */
    public ScanCase {
        if (offset < 0 || size <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ENGLISH,
                    "a scan case needs offset >= 0 and size > 0: offset=%d size=%d", offset, size));
        }
    }

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ScanCase parse(final String text) {
        final String[] f = text.split("/");
        if (f.length != 7) {
            throw new IllegalArgumentException("a scan case is FS/CALL/MODE/BACKING/LAYOUT/OFFSET/SIZE"
                    + " (e.g. ext4/pread/direct/private/rw,none,rw/512/11776), not \"" + text + "\"");
        }
        try {
            return new ScanCase(f[0], ScanCall.of(f[1]), ScanMode.of(f[2]), BufferBacking.of(f[3]), f[4],
                    Long.parseLong(f[5]), Long.parseLong(f[6]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("offset and size of a scan case are whole numbers: \"" + text + "\"", e);
        }
    }

    /** @return the driver's line for this case, under the id given */
    String driverLine(final int id) {
        return String.format(Locale.ENGLISH, "%d %s %s %s %s %d %d", id, call.word(), mode.word(), backing.word(),
                layout, offset, size);
    }

    @Override
    public String toString() {
        return String.format(Locale.ENGLISH, "%s/%s/%s/%s/%s/%d/%d", fs, call.word(), mode.word(), backing.word(),
                layout, offset, size);
    }
}
