/*
 * btrfs-search-mte.c: BTRFS_IOC_TREE_SEARCH_V2 into a result buffer with one mismatched arm64 MTE
 * granule inside the first record. Kernels whose search_ioctl() faults in with
 * fault_in_pages_writeable() (v5.9 to v5.15) or fault_in_writeable() (v5.16 to v5.18) spin in the
 * kernel forever; v5.19+ (fault_in_subpage_writeable) return -EFAULT.
 *
 * Self-contained: makes a 128 MiB btrfs image in /tmp (mkfs.btrfs), loop-mounts it (mount -o loop),
 * runs the ioctl in a child process, watches the child for 20 s through /proc/PID/stat, then sends
 * it a handled SIGUSR1 and, if it still spins, SIGKILL, and says what each did.
 *
 * Needs: root, arm64 with MTE (HWCAP2_MTE), btrfs and loop in the kernel, mkfs.btrfs and mount.
 * Build: aarch64-linux-gnu-gcc -O2 -static -I. -o btrfs-search-mte btrfs-search-mte.c   (lab.h: the shared part)
 * Output: the kernel, then REPRODUCED, NOT REPRODUCED or NOT TESTABLE with what was observed.
 * Exit status: 1 reproduced, 0 not reproduced, 2 not testable.
 * Warning: where it reproduces, the child may stay in the kernel until reboot (on 5.10 it does).
 */
#include "lab.h"                           /* first: it defines _GNU_SOURCE */
#include <sys/ioctl.h>

/* include/uapi/linux/btrfs.h: _IOWR(0x94, 17, struct btrfs_ioctl_search_args_v2), 112 bytes + buf */
#define BTRFS_IOC_TREE_SEARCH_V2 _IOWR(0x94, 17, char[112])
struct search_args_v2 {
	uint64_t tree_id, min_objectid, max_objectid, min_offset, max_offset, min_transid, max_transid;
	uint32_t min_type, max_type, nr_items, unused;
	uint64_t unused1, unused2, unused3, unused4;
	uint64_t buf_size;                  /* the result buffer follows at offset 112 */
};

#define BAD 128                             /* the mismatched granule [128, 144) of the mapping */
#define DIR "/tmp/repro-btrfs"

static void make_fs(void)
{
	const char *mkfs[] = {"mkfs.btrfs", "-q", "-f", DIR "/img", NULL};
	char name[64];
	int i;

	lab_mount_image(DIR, "btrfs", mkfs, "mkfs.btrfs -q -f failed (btrfs-progs missing?)");
	for (i = 0; i < 8; i++) {       /* a few inodes after the root directory's 256 */
		snprintf(name, sizeof(name), DIR "/mnt/f%d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	sync();
}

/* The child: the result buffer follows the 112-byte argument block in a 3-page PROT_MTE mapping;
 * the pointer carries tag 0, the granule [BAD, BAD + 16) gets tag 0xa: bytes 16..31 of the buffer,
 * inside the first record's 32-byte header. */
static void provoke(void)
{
	struct search_args_v2 *args;
	unsigned char *base;
	long r;
	int fd;

	base = lab_mte_child(3 * page, BAD);
	args = (struct search_args_v2 *)base;
	args->tree_id = 5;                      /* the fs tree */
	args->min_objectid = 256;               /* the root directory, then the files */
	args->max_objectid = (uint64_t)-1;
	args->max_offset = (uint64_t)-1;
	args->max_transid = (uint64_t)-1;
	args->min_type = args->max_type = 1;    /* BTRFS_INODE_ITEM_KEY: 32 + 160 bytes per record */
	args->nr_items = 100000;
	args->buf_size = 3 * page - sizeof(*args);
	fd = lab_open(DIR "/mnt", O_RDONLY | O_DIRECTORY);
	r = ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, base);
	lab_report(r, errno, args->nr_items);
}

/* a successful ioctl: the child's "R 0 0 nr_items" in words */
static void ioctl_result(char *out, size_t len, long ret, unsigned items)
{
	snprintf(out, len, "ioctl returned %ld with %u records", ret, items);
}

int main(void)
{
	lab_start();
	lab_count = 3 * page - 112;
	lab_call = "ioctl";
	lab_result = ioctl_result;
	say("case: BTRFS_IOC_TREE_SEARCH_V2, %ld-byte result buffer at +112 of a 3-page PROT_MTE mapping, "
	    "granule [%d, %d) tagged 0xa (pointer tag 0, sync tag checks): inside the first record's header",
	    3 * page - 112, BAD, BAD + 16);
	lab_require("needs root (mkfs, mount, and the search ioctl needs CAP_SYS_ADMIN)");
	return lab_run_on_image(make_fs);
}
