/*
 * gfs2-fiemap-mte.c: FS_IOC_FIEMAP on a gfs2 file into an extent array with one mismatched arm64
 * MTE granule. gfs2_fiemap() with its retry loop (commit "gfs2: fiemap page fault fix", present in
 * 7.1.3; not in 6.12.33) runs iomap_fiemap() with page faults disabled; the extent that covers the
 * granule fails its copy_to_user() (tag-checked), fault_in_fiemap() faults in the WHOLE array with
 * fault_in_safe_writeable(), which walks page tables only and reports success, and gfs2 resets
 * fi_extents_mapped to 0 and starts over: no progress rule, the ioctl never returns. Without the
 * retry loop the one faulting pass returns EFAULT.
 *
 * Self-contained: makes a 128 MiB gfs2 image in /tmp (mkfs.gfs2 -p lock_nolock), loop-mounts it,
 * writes a file of EXTENTS one-block extents (a block every other block), calls FS_IOC_FIEMAP in a
 * child process with the struct fiemap at the start of a 3-page PROT_MTE mapping and the extent
 * array filling the rest, watches the child for 20 s through /proc/PID/stat, then sends it a
 * handled SIGUSR1 and, if it still spins, SIGKILL, and says what each did.
 *
 * Needs: root, arm64 with MTE (HWCAP2_MTE), gfs2 and loop in the kernel, mkfs.gfs2 and mount.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o gfs2-fiemap-mte gfs2-fiemap-mte.c   (lab.h: the shared part)
 * Output: the kernel, then REPRODUCED, NOT REPRODUCED or NOT TESTABLE with what was observed.
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 */
#include "lab.h"
#include <sys/ioctl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#define BAD 128                             /* the mismatched granule [128, 144): inside extent 1 */
#define DIR "/tmp/repro-gfs2-fiemap"
#define BLOCK 4096                          /* mkfs.gfs2's default block size */

static long extents(void)                   /* the array's capacity: what follows the header in 3 pages */
{
	return (3 * page - (long)sizeof(struct fiemap)) / (long)sizeof(struct fiemap_extent);
}

static void make_fs(void)
{
	const char *mkfs[] = {"mkfs.gfs2", "-O", "-q", "-p", "lock_nolock", "-j", "1", "-J", "8", DIR "/img", NULL};
	static unsigned char block[BLOCK];
	long i;
	int fd;

	lab_mount_image(DIR, "gfs2", mkfs, "mkfs.gfs2 failed (gfs2-utils missing?)");
	fd = open(DIR "/mnt/extents", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		not_testable("cannot create the file on gfs2");
	for (i = 0; i <= extents(); i++) /* one extent more than the array holds */
		if (pwrite(fd, block, BLOCK, 2 * i * BLOCK) != BLOCK)
			not_testable("cannot write the file on gfs2");
	if (fsync(fd) != 0)
		not_testable("cannot fsync the file on gfs2");
	close(fd);
}

/* The child: struct fiemap at the start of a 3-page PROT_MTE mapping, its extent array after it;
 * the pointer carries tag 0, the granule [BAD, BAD + 16) gets tag 0xa. */
static void provoke(void)
{
	struct fiemap *fm;
	long r;
	int fd;

	fm = (struct fiemap *)lab_mte_child(3 * page, BAD);
	fm->fm_start = 0;
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_flags = 0;
	fm->fm_extent_count = extents();
	fd = lab_open(DIR "/mnt/extents", O_RDONLY);
	r = ioctl(fd, FS_IOC_FIEMAP, fm);
	lab_report(r, errno, fm->fm_mapped_extents);
}

/* a successful ioctl: the child's "R 0 0 fm_mapped_extents" in words */
static void ioctl_result(char *out, size_t len, long ret, unsigned items)
{
	snprintf(out, len, "ioctl returned %ld with %u of %ld extents mapped", ret, items, extents());
}

int main(void)
{
	lab_start();
	lab_count = extents() * (long)sizeof(struct fiemap_extent);
	lab_call = "ioctl";
	lab_result = ioctl_result;
	say("case: gfs2 (lock_nolock, loop) FS_IOC_FIEMAP of a file of %ld extents, struct fiemap at the start of a "
	    "3-page PROT_MTE mapping and %ld extents after it, granule [%d, %d) tagged 0xa (pointer tag 0, sync tag "
	    "checks): inside extent 1", extents() + 1, extents(), BAD, BAD + 16);
	lab_require("needs root (mkfs, mount)");
	return lab_run_on_image(make_fs);
}
