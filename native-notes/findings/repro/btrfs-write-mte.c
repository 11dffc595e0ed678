/*
 * btrfs-write-mte.c: a buffered write() to btrfs from a buffer with one mismatched arm64 MTE
 * granule that is not at a page start. btrfs_buffered_write() → copy_one_range() (7.x) faults the
 * chunk in with fault_in_iov_iter_readable(), which loads the first byte of each page only, so it
 * succeeds; the copy with page faults disabled stops at the granule; into a folio that is not
 * uptodate the short copy is reverted to 0 ("we will retry"), and the caller's loop calls
 * copy_one_range() again, which faults in the same range, copies, reverts: the call never returns.
 * 6.12's btrfs_buffered_write() retries such a page with force_page_uptodate and then keeps the
 * partial copy, so it returns the bytes before the granule.
 *
 * Self-contained: makes a 128 MiB btrfs image in /tmp (mkfs.btrfs), loop-mounts it, and in a child
 * process write()s 3 pages from a 3-page PROT_MTE buffer to a new file; watches the child for 20 s
 * through /proc/PID/stat, then sends it a handled SIGUSR1 and, if it still spins, SIGKILL.
 *
 * Needs: root (mkfs, mount), arm64 with MTE (HWCAP2_MTE), btrfs and loop in the kernel, mkfs.btrfs.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o btrfs-write-mte btrfs-write-mte.c   (lab.h: the shared part)
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 */
#include "lab.h"

#define BAD 128                             /* the mismatched granule [128, 144) of the mapping */
#define DIR "/tmp/repro-btrfs-write"

static void make_fs(void)
{
	const char *mkfs[] = {"mkfs.btrfs", "-q", "-f", DIR "/img", NULL};

	lab_mount_image(DIR, "btrfs", mkfs, "mkfs.btrfs -q -f failed (btrfs-progs missing?)");
}

/* The child: write of 3 pages from a 3-page PROT_MTE mapping to a new file on btrfs; the pointer
 * carries tag 0, the granule [BAD, BAD + 16) gets tag 0xa. */
static void provoke(void)
{
	unsigned char *base;
	long r;
	int fd;

	base = lab_mte_child(3 * page, BAD);
	fd = lab_open(DIR "/mnt/data", O_CREAT | O_TRUNC | O_WRONLY);
	r = pwrite(fd, base, 3 * page, 0);
	lab_report(r, errno, 0);
}

int main(void)
{
	lab_start();
	lab_count = 3 * page;
	lab_call = "write";
	say("case: btrfs (loop) buffered pwrite of %ld bytes from a 3-page PROT_MTE buffer to a new file, "
	    "granule [%d, %d) tagged 0xa (pointer tag 0, sync tag checks)", 3 * page, BAD, BAD + 16);
	lab_require("needs root (mkfs, mount)");
	return lab_run_on_image(make_fs);
}
