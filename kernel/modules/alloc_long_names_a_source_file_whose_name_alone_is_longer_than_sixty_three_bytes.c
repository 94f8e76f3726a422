// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_long: allocation callsites whose names do not fit the 64-byte fields
 * of the allocinfo ioctl.  This file's name alone is 82 bytes; the
 * functions are 63 (fits), 64 (one byte too long) and 95 bytes long.
 * Each keeps one 4 KiB allocation until the module is removed.
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *bufs[3];

static noinline void *alloc_long_fn_exactly_sixty_three_bytes_long_xxxxxxxxxxxxxxxxxx(void)
{
	return kmalloc(4096, GFP_KERNEL);
}

static noinline void *alloc_long_fn_exactly_sixty_four_bytes_long_yyyyyyyyyyyyyyyyyyyy(void)
{
	return kmalloc(4096, GFP_KERNEL);
}

static noinline void *alloc_long_fn_with_an_identifier_far_longer_than_sixty_three_bytes_so_only_its_tail_is_reported(void)
{
	return kmalloc(4096, GFP_KERNEL);
}

static int __init alloc_long_init(void)
{
	bufs[0] = alloc_long_fn_exactly_sixty_three_bytes_long_xxxxxxxxxxxxxxxxxx();
	bufs[1] = alloc_long_fn_exactly_sixty_four_bytes_long_yyyyyyyyyyyyyyyyyyyy();
	bufs[2] = alloc_long_fn_with_an_identifier_far_longer_than_sixty_three_bytes_so_only_its_tail_is_reported();
	if (!bufs[0] || !bufs[1] || !bufs[2]) {
		kfree(bufs[0]);
		kfree(bufs[1]);
		kfree(bufs[2]);
		return -ENOMEM;
	}
	return 0;
}

static void __exit alloc_long_exit(void)
{
	kfree(bufs[0]);
	kfree(bufs[1]);
	kfree(bufs[2]);
}

module_init(alloc_long_init);
module_exit(alloc_long_exit);
MODULE_DESCRIPTION("allocinfo-top test: callsite names longer than 63 bytes");
MODULE_LICENSE("GPL");
