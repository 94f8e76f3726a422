// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_odd: tags in the states that the other modules never reach, so that
 * the selftest can check how the kernel reports them.
 *
 * alloc_odd_inaccurate() owns a tag marked inaccurate, as the kernel marks
 * one whose allocation could not be accounted, holding one 4 KiB allocation.
 * alloc_odd_negative() owns a tag whose byte count is -neg_bytes, as the sum
 * of per-CPU counters can be for a moment; the module puts the bytes back
 * before it goes, since a tag left non-zero at unload is a kernel warning.
 */
#include <linux/alloc_tag.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>

static unsigned long neg_bytes = 12288;
module_param(neg_bytes, ulong, 0444);
MODULE_PARM_DESC(neg_bytes, "how far below zero alloc_odd_negative() goes");

static void *buf;

static noinline void *alloc_odd_inaccurate(void)
{
	DEFINE_ALLOC_TAG(tag);
	struct alloc_tag *old;
	void *p;

	old = alloc_tag_save(&tag);
	p = kmalloc_noprof(4096, GFP_KERNEL);
	alloc_tag_restore(&tag, old);
	alloc_tag_set_inaccurate(&tag);
	return p;
}

/* Move the tag's bytes by delta, without a matching allocation. */
static noinline void alloc_odd_negative(long delta)
{
	DEFINE_ALLOC_TAG(tag);

	this_cpu_add(tag.counters->bytes, delta);
}

static int __init alloc_odd_init(void)
{
	buf = alloc_odd_inaccurate();
	if (!buf)
		return -ENOMEM;
	alloc_odd_negative(-(long)neg_bytes);
	return 0;
}

static void __exit alloc_odd_exit(void)
{
	alloc_odd_negative((long)neg_bytes);
	kfree(buf);
}

module_init(alloc_odd_init);
module_exit(alloc_odd_exit);
MODULE_DESCRIPTION("allocinfo-top test: an inaccurate tag and negative bytes");
MODULE_LICENSE("GPL");
