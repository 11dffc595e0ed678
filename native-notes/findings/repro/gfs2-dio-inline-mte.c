/*
 * gfs2-dio-inline-mte.c: an O_DIRECT read() of a stuffed gfs2 file (its 3864 bytes live in the
 * inode block) into a buffer with one mismatched arm64 MTE granule. gfs2_file_direct_read()
 * (v5.16+) runs iomap_dio_rw() with page faults disabled; for inline data,
 * iomap_dio_inline_iter() copies with copy_to_iter() (a tag-checked uaccess) up to the granule,
 * the next call copies nothing and returns -EFAULT, and gfs2 faults the rest in with the
 * tag-blind fault_in_iov_iter_writeable() and retries, with no progress rule.
 *
 * The program is gfs2-read-mte.c with GFS2_DIO_INLINE: the same image, child, watch and signals.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o gfs2-dio-inline-mte gfs2-dio-inline-mte.c
 */
#define GFS2_DIO_INLINE 1
#include "gfs2-read-mte.c"
