/*
 * btrfs-dio-size.c: an O_DIRECT write to a new NOCOW btrfs file from a 3-page buffer whose second
 * page is PROT_NONE. btrfs_direct_write() writes the first page direct, fails the rest (iomap stops
 * at the page it cannot pin; btrfs_buffered_write() fails its fault-in) and returns EFAULT. What
 * the file holds then is the question: its size right after the call, what a buffered read of it
 * returns, and its size and first page after an unmount and a mount.
 *
 * No MTE needed: a page fault is the whole case. Self-contained: makes a 128 MiB btrfs image in
 * /tmp (mkfs.btrfs), loop-mounts it, `chattr +C` on the new file (FS_IOC_SETFLAGS FS_NOCOW_FL:
 * a checksummed file never writes direct since 968f19c5b1b7).
 *
 * REPRODUCED when the size the mounted file system showed is not the size it kept (the file shows
 * bytes it never stored, or loses bytes it showed). Needs: root (mkfs, mount), btrfs and loop.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o btrfs-dio-size btrfs-dio-size.c   (lab.h: the shared part)
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 */
#include "lab.h"
#include <linux/fs.h>
#include <sys/ioctl.h>

#define DIR "/tmp/repro-btrfs-dio-size"
#define FILE_PATH DIR "/mnt/data"

static void provoke(void) /* lab.h's spin test is not used: this case returns */
{
}

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 7 + 1);
}

/* The bytes of the file: how many of the first page are the written pattern, how many after it are zero. */
static void contents(const char *when, long size)
{
	unsigned char *b = malloc(size > 0 ? size : 1);
	long i, same = 0, zero = 0;
	int fd = open(FILE_PATH, O_RDONLY);

	if (!b || fd < 0)
		not_testable("cannot read the file back");
	if (pread(fd, b, size, 0) != size)
		say("%s: a buffered read of %ld bytes returned less", when, size);
	for (i = 0; i < size && i < page; i++)
		same += b[i] == pattern(i);
	for (i = page; i < size; i++)
		zero += b[i] == 0;
	say("%s: size %ld; first page: %ld of %ld bytes are the written pattern; after it: %ld of %ld bytes are zero",
	    when, size, same, size < page ? size : page, zero, size > page ? size - page : 0);
	close(fd);
	free(b);
}

static long size_of(void)
{
	struct stat st;

	return stat(FILE_PATH, &st) == 0 ? st.st_size : -1;
}

int main(void)
{
	const char *mkfs[] = {"mkfs.btrfs", "-q", "-f", DIR "/img", NULL};
	const char *umount[] = {"umount", DIR "/mnt", NULL};
	const char *mount[] = {"mount", "-t", "btrfs", "-o", "loop", DIR "/img", DIR "/mnt", NULL};
	unsigned char *buf;
	long i, r, shown, kept;
	int fd, e, flags;

	lab_start();
	say("case: btrfs (loop) O_DIRECT pwrite of %ld bytes from [rw][none][rw] to a new NOCOW file", 3 * page);
	if (geteuid() != 0)
		not_testable("needs root (mkfs, mount)");
	lab_mount_image(DIR, "btrfs", mkfs, "mkfs.btrfs -q -f failed (btrfs-progs missing?)");
	fd = open(FILE_PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	flags = 0;
	if (fd < 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		not_testable("cannot make the file");
	flags |= FS_NOCOW_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0)
		not_testable("chattr +C (FS_IOC_SETFLAGS) refused");
	close(fd);
	buf = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		not_testable("mmap failed");
	for (i = 0; i < 3 * page; i++)
		buf[i] = pattern(i);
	mprotect(buf + page, page, PROT_NONE);
	fd = open(FILE_PATH, O_RDWR | O_DIRECT);
	if (fd < 0)
		not_testable("open O_DIRECT refused");
	r = pwrite(fd, buf, 3 * page, 0);
	e = errno;
	close(fd);
	say("pwrite returned %ld%s%s", r, r < 0 ? " " : "", r < 0 ? lab_errno_words(e) : "");
	shown = size_of();
	contents("mounted, right after", shown);
	if (run(umount) != 0 || run(mount) != 0)
		not_testable("umount and mount again failed");
	kept = size_of();
	contents("after umount and mount", kept);
	run(umount);
	if (shown != kept) {
		say("REPRODUCED: the mounted file system showed a %ld-byte file and kept %ld bytes", shown, kept);
		return 1;
	}
	say("NOT REPRODUCED: the file is %ld bytes before and after the remount", kept);
	return 0;
}
