/*
 * gfs2-dio-4kn.c: an O_DIRECT read on gfs2 over a device of 4096-byte logical blocks into a buffer
 * that starts 512 bytes into a page and whose next page is PROT_NONE. The device's DMA alignment
 * (512) lets the buffer through (include/linux/blkdev.h bdev_iter_is_aligned); the first 4096-byte
 * block straddles into the PROT_NONE page, so bio_iov_iter_get_pages() trims what it pinned to
 * nothing (block/bio.c) and iomap returns -EFAULT; gfs2_file_direct_read() then faults in with
 * fault_in_iov_iter_writeable(), which pins the first page and reports progress, and retries the
 * same block for ever (fs/gfs2/file.c). No MTE: page faults alone, on any architecture.
 *
 * Self-contained: makes a 128 MiB gfs2 image in /tmp, attaches it to a loop device of 4096-byte
 * sectors (LOOP_CONFIGURE, as `losetup --sector-size 4096` does), mounts it, writes a 3-page file,
 * and in a child process preads 2 pages of it with O_DIRECT into [rw][none][rw] from offset 512;
 * watches the child for 20 s through /proc/PID/stat, then sends it a handled SIGUSR1 and, if it
 * still spins, SIGKILL, and says what each did. On 512-byte sectors the same read returns 3584.
 *
 * Needs: root, gfs2 and loop in the kernel, mkfs.gfs2 and mount.
 * Build: gcc -O2 -static -o gfs2-dio-4kn gfs2-dio-4kn.c (bin/mte-lab repro gfs2-dio-4kn --standalone:
 * the one file, lab.h inlined)
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 */
#include "lab.h"
#include <linux/loop.h>
#include <sys/ioctl.h>

#define DIR "/tmp/repro-gfs2-dio-4kn"
#define SECTOR 4096                         /* the loop device's logical block: a 4Kn drive */
#define OFFSET 512                          /* the buffer's start in its page: the DMA alignment */

/* Attaches DIR/img to a free loop device of SECTOR-byte blocks, autoclear; returns its fd (kept open
 * until the mount holds the device: the last close of an autoclear device detaches it). */
static int attach(char *dev, size_t len)
{
	struct loop_config c;
	int ctl, n, file, loop;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	n = ctl < 0 ? -1 : ioctl(ctl, LOOP_CTL_GET_FREE);
	if (n < 0)
		not_testable("no free loop device (/dev/loop-control)");
	close(ctl);
	snprintf(dev, len, "/dev/loop%d", n);
	file = open(DIR "/img", O_RDWR | O_CLOEXEC);
	loop = open(dev, O_RDWR | O_CLOEXEC);
	if (file < 0 || loop < 0)
		not_testable("cannot open the image or the loop device");
	memset(&c, 0, sizeof(c));
	c.fd = file;
	c.block_size = SECTOR;
	c.info.lo_flags = LO_FLAGS_AUTOCLEAR;
	if (ioctl(loop, LOOP_CONFIGURE, &c) != 0)
		not_testable("LOOP_CONFIGURE with 4096-byte blocks failed (Linux 5.8 or newer needed)");
	close(file);
	return loop;
}

static void make_fs(void)
{
	const char *mkfs[] = {"mkfs.gfs2", "-O", "-q", "-p", "lock_nolock", "-j", "1", "-J", "8", DIR "/img", NULL};
	char dev[64];
	const char *mount[] = {"mount", "-t", "gfs2", dev, DIR "/mnt", NULL};
	unsigned char *data;
	int fd, loop;
	long i;

	mkdir(DIR, 0755);
	mkdir(DIR "/mnt", 0755);
	fd = open(DIR "/img", O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || ftruncate(fd, 128L << 20) < 0)
		not_testable("cannot make the image file");
	close(fd);
	if (run(mkfs) != 0)
		not_testable("mkfs.gfs2 failed (gfs2-utils missing?)");
	loop = attach(dev, sizeof(dev));
	if (run(mount) != 0)
		not_testable("mount of the 4096-byte-sector loop device failed (gfs2 missing in the kernel?)");
	close(loop);
	lab_dir = DIR;
	data = malloc(3 * page);
	for (i = 0; i < 3 * page; i++)
		data[i] = (unsigned char)(i * 13 + 1);
	fd = open(DIR "/mnt/data", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, data, 3 * page) != 3 * page || fsync(fd) != 0)
		not_testable("cannot write the data file on gfs2");
	close(fd);
	free(data);
}

/* The child: O_DIRECT pread of 2 pages into [rw][none][rw] from OFFSET on. */
static void provoke(void)
{
	struct sigaction sa;
	unsigned char *base;
	long r;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	base = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || mprotect(base + page, page, PROT_NONE) != 0)
		_exit(3);
	memset(base, 0, page);
	memset(base + 2 * page, 0, page);
	fd = lab_open(DIR "/mnt/data", O_RDONLY | O_DIRECT);
	r = pread(fd, base + OFFSET, 2 * page, 0);
	lab_report(r, errno, 0);
}

int main(void)
{
	lab_start();
	lab_count = 2 * page;
	say("case: gfs2 (lock_nolock) on a loop device of %d-byte sectors, O_DIRECT pread of %ld bytes into "
	    "[rw][none][rw] from offset %d (no MTE)", SECTOR, 2 * page, OFFSET);
	if (geteuid() != 0)
		not_testable("needs root (mkfs, loop device, mount)");
	return lab_run_on_image(make_fs);
}
