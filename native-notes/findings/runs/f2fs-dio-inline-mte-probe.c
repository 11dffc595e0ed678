/* probe: O_DIRECT write to f2fs from a buffer with one MTE-mismatched granule: what the call returns,
 * the file's size and bytes (buffered read), then after a remount; new file against a reused one */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#define PROT_MTE 0x20
#define PR_SET_TAGGED_ADDR_CTRL 55
#define PR_TAGGED_ADDR_ENABLE (1UL << 0)
#define PR_MTE_TCF_SYNC (1UL << 1)
#define PR_MTE_TAG_SHIFT 3
#define N 12288
static void set_tag(void *p, unsigned tag)
{
	uintptr_t a = ((uintptr_t)p & ~(0xfUL << 56)) | ((uintptr_t)tag << 56);
	asm volatile(".arch armv8.5-a\n\t.arch_extension memtag\n\tstg %0, [%0]" : : "r"(a) : "memory");
}
static unsigned char pat(long i) { return (unsigned char)(i * 7 + 13); }
static void look(const char *path, const char *when)
{
	unsigned char b[N];
	struct stat st;
	int fd = open(path, O_RDONLY);
	long n, i, match = 0, zeros = 0;
	if (fd < 0 || fstat(fd, &st)) { printf("  %s: cannot open: %s\n", when, strerror(errno)); return; }
	n = pread(fd, b, N, 0);
	for (i = 0; i < n && b[i] == pat(i); i++) ;
	match = i;
	for (i = 0; i < n; i++) zeros += b[i] == 0;
	printf("  %s: size %ld, read %ld, leading bytes as written %ld, zero bytes %ld\n", when, (long)st.st_size, n, match, zeros);
	close(fd);
}
static void remount(void)
{
	if (umount("/tmp/p") || system("mount -t f2fs -o loop /tmp/f2.img /tmp/p")) printf("  remount failed\n");
}
static void one(unsigned char *buf, long bad, int reuse, const char *name)
{
	char path[64];
	int fd;
	long r;
	snprintf(path, sizeof(path), "/tmp/p/%s", name);
	if (!reuse) unlink(path);
	mprotect(buf, N, PROT_READ | PROT_WRITE | PROT_MTE);
	for (long i = 0; i < N; i += 16) set_tag(buf + i, 0);
	for (long i = 0; i < N; i++) buf[i] = pat(i);
	if (bad >= 0) set_tag(buf + bad, 0xa);
	if (bad == -2) mprotect(buf + 4096, 4096, PROT_NONE);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0644);
	if (fd < 0) { printf("%s: open: %s\n", name, strerror(errno)); return; }
	errno = 0;
	r = pwrite(fd, buf, N, 0);
	printf("%s: %s file, %s at %ld: pwrite(O_DIRECT, %d) = %ld%s%s\n", name, reuse ? "reused" : "new",
	       bad == -2 ? "PROT_NONE page" : "mismatched granule", bad == -2 ? 4096 : bad, N, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
	close(fd);
	look(path, "now");
}
int main(void)
{
	unsigned char *buf;
	if (system("rm -f /tmp/f2.img; truncate -s 256M /tmp/f2.img && mkfs.f2fs -q -f /tmp/f2.img >/dev/null && mkdir -p /tmp/p && mount -t f2fs -o loop /tmp/f2.img /tmp/p")) {
		printf("NOT TESTABLE: cannot make f2fs\n"); return 0; }
	if (prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC | (0xfffeUL << PR_MTE_TAG_SHIFT), 0, 0, 0)) {
		printf("NOT TESTABLE: no MTE\n"); return 0; }
	buf = mmap(NULL, N, PROT_READ | PROT_WRITE | PROT_MTE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) { printf("NOT TESTABLE: mmap PROT_MTE\n"); return 0; }
	one(buf, -1, 0, "a");        /* no fault, new file */
	one(buf, 4096, 0, "b");      /* granule at page 1's start, new file */
	one(buf, 0, 0, "c");         /* granule at page 0's start, new file */
	one(buf, -1, 0, "d");        /* d written whole first ... */
	one(buf, 4096, 1, "d");      /* ... then reused (O_TRUNC) with the granule at page 1 */
	one(buf, 6000, 0, "e");      /* granule mid page 1 */
	one(buf, -2, 0, "f");        /* page 1 PROT_NONE, no MTE */
	one(buf, 8192, 0, "g");      /* granule at page 2's start */
	sync();
	remount();
	printf("after umount and mount:\n");
	look("/tmp/p/b", "b"); look("/tmp/p/c", "c"); look("/tmp/p/d", "d"); look("/tmp/p/e", "e");
	look("/tmp/p/f", "f"); look("/tmp/p/g", "g");
	umount("/tmp/p");
	return 0;
}
