/*
 * gfs2-read-mte.c: a buffered read() from gfs2 into a buffer with one mismatched arm64 MTE granule.
 * gfs2_file_read_iter() (v5.16+) copies with page faults disabled, stops at the granule, faults
 * the rest in with fault_in_iov_iter_writeable() -> fault_in_safe_writeable(), which walks the
 * pages with fixup_user_fault() and never looks at tags, so it reports success, and retries: the
 * call never returns.
 *
 * Self-contained: makes a 128 MiB gfs2 image in /tmp (mkfs.gfs2 -p lock_nolock), loop-mounts it
 * (mount -o loop), writes a 3-page file, preads it in a child process into a 3-page PROT_MTE
 * buffer, watches the child for 20 s through /proc/PID/stat, then sends it a handled SIGUSR1 and,
 * if it still spins, SIGKILL, and says what each did.
 *
 * Needs: root, arm64 with MTE (HWCAP2_MTE), gfs2 and loop in the kernel, mkfs.gfs2 and mount.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o gfs2-read-mte gfs2-read-mte.c   (lab.h: the shared part)
 * Output: the kernel, then REPRODUCED, NOT REPRODUCED or NOT TESTABLE with what was observed.
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 *
 * With GFS2_DIO_HOLE defined (gfs2-dio-hole-mte.c) the file is a hole (ftruncate, no block
 * written) read with O_DIRECT: gfs2_file_direct_read()'s loop of the same shape around
 * iomap_dio_rw(), whose iomap_dio_hole_iter() stores the zeros with iov_iter_zero(), a no-fault,
 * tag-checked uaccess. With GFS2_DIO_INLINE (gfs2-dio-inline-mte.c) the file is "stuffed" (3864
 * bytes, the data in the inode block) and iomap_dio_inline_iter() copies it with copy_to_iter().
 */
#include "lab.h"

#if defined(GFS2_DIO_HOLE)
#define READ_FLAGS (O_RDONLY | O_DIRECT)
#define READ_WHAT "O_DIRECT pread of a hole (a 3-page file made by ftruncate)"
#elif defined(GFS2_DIO_INLINE)
#define READ_FLAGS (O_RDONLY | O_DIRECT)
#define READ_WHAT "O_DIRECT pread of a stuffed file (3864 bytes written in one go: all in the inode block)"
#define STUFFED (4096 - 232)                /* mkfs.gfs2's 4096-byte block - sizeof(struct gfs2_dinode) */
#else
#define READ_FLAGS O_RDONLY
#define READ_WHAT "buffered pread of a written 3-page file"
#endif

#define BAD 128                             /* the mismatched granule [128, 144) of the mapping */
#define DIR "/tmp/repro-gfs2"

static void make_fs(void)
{
	const char *mkfs[] = {"mkfs.gfs2", "-O", "-q", "-p", "lock_nolock", "-j", "1", "-J", "8", DIR "/img", NULL};
	unsigned char *data;
	int fd, i;

	lab_mount_image(DIR, "gfs2", mkfs, "mkfs.gfs2 failed (gfs2-utils missing?)");
#ifdef GFS2_DIO_HOLE
	(void)data;
	(void)i;
	fd = open(DIR "/mnt/data", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || ftruncate(fd, 3 * page) != 0 || fsync(fd) != 0)
		not_testable("cannot make the sparse file on gfs2");
	close(fd);
	return;
#endif
#ifdef STUFFED
	const long size = STUFFED;
#else
	const long size = 3 * page;
#endif
	data = malloc(size);
	for (i = 0; i < size; i++)
		data[i] = (unsigned char)(i * 13 + 1);
	fd = open(DIR "/mnt/data", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, data, size) != size || fsync(fd) != 0)
		not_testable("cannot write the data file on gfs2");
	close(fd);
	free(data);
}

/* The child: pread of the 3-page file into a 3-page PROT_MTE mapping; the pointer carries tag 0,
 * the granule [BAD, BAD + 16) gets tag 0xa. */
static void provoke(void)
{
	unsigned char *base;
	long r;
	int fd;

	base = lab_mte_child(3 * page, BAD);
	fd = lab_open(DIR "/mnt/data", READ_FLAGS);
	r = pread(fd, base, 3 * page, 0);
	lab_report(r, errno, 0);
}

int main(void)
{
	lab_start();
	lab_count = 3 * page;
	say("case: gfs2 (lock_nolock, loop) " READ_WHAT ", %ld bytes into a 3-page PROT_MTE buffer, "
	    "granule [%d, %d) tagged 0xa (pointer tag 0, sync tag checks)", 3 * page, BAD, BAD + 16);
	lab_require("needs root (mkfs, mount)");
	return lab_run_on_image(make_fs);
}
