/*
 * gfs2-dio-hole-mte.c: an O_DIRECT read() of a hole on gfs2 into a buffer with one mismatched
 * arm64 MTE granule. gfs2_file_direct_read() (v5.16+) runs iomap_dio_rw() with page faults
 * disabled; over a hole, iomap_dio_hole_iter() stores zeros with iov_iter_zero() (a tag-checked
 * uaccess) up to the granule, the next call stores nothing and returns -EFAULT, and gfs2 faults
 * the rest in with the tag-blind fault_in_iov_iter_writeable() and retries, with no progress rule.
 *
 * The program is gfs2-read-mte.c with GFS2_DIO_HOLE: the same image, child, watch and signals.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o gfs2-dio-hole-mte gfs2-dio-hole-mte.c
 */
#define GFS2_DIO_HOLE 1
#include "gfs2-read-mte.c"
