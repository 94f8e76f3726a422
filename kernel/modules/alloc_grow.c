// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_grow: make one named allocation callsite grow, or churn.
 *
 * mode=grow   every interval_ms, allocate per_tick chunks of size bytes in
 *             alloc_grow_chunk() and keep them (until max_bytes is live).
 * mode=saw    the same allocations, but once saw_chunks are live they are all
 *             freed: a sawtooth with no net growth.
 *
 * What the module did is readable in /sys/module/alloc_grow/parameters/:
 * live_bytes and live_chunks (allocated and not yet freed), total_bytes and
 * total_chunks (ever allocated).  Byte counts are the requested sizes; for
 * sizes above 8 KiB (page allocations) and powers of two on a kernel without
 * slab debugging they equal what the allocation tag accounts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>

static char *mode = "grow";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "grow (keep everything) or saw (allocate, then free all)");

static unsigned int size = 4096;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes per allocation");

static unsigned int interval_ms = 100;
module_param(interval_ms, uint, 0444);
MODULE_PARM_DESC(interval_ms, "milliseconds between two ticks");

static unsigned int per_tick = 1;
module_param(per_tick, uint, 0444);
MODULE_PARM_DESC(per_tick, "allocations per tick");

static unsigned long max_bytes = 64UL << 20;
module_param(max_bytes, ulong, 0444);
MODULE_PARM_DESC(max_bytes, "grow: stop allocating once this much is live");

static unsigned int saw_chunks = 16;
module_param(saw_chunks, uint, 0444);
MODULE_PARM_DESC(saw_chunks, "saw: free everything once this many chunks are live");

static unsigned long live_bytes;
module_param(live_bytes, ulong, 0444);
MODULE_PARM_DESC(live_bytes, "bytes allocated and not freed (read-only)");

static unsigned long live_chunks;
module_param(live_chunks, ulong, 0444);
MODULE_PARM_DESC(live_chunks, "allocations not freed (read-only)");

static unsigned long total_bytes;
module_param(total_bytes, ulong, 0444);
MODULE_PARM_DESC(total_bytes, "bytes ever allocated (read-only)");

static unsigned long total_chunks;
module_param(total_chunks, ulong, 0444);
MODULE_PARM_DESC(total_chunks, "allocations ever made (read-only)");

/* Each chunk starts with the link to the previous one. */
struct chunk {
	struct chunk *next;
};

static struct chunk *chunks;
static bool saw;
static DEFINE_MUTEX(lock);
static void alloc_grow_tick(struct work_struct *work);
static DECLARE_DELAYED_WORK(tick_work, alloc_grow_tick);

/* The callsite that test tools look for: keep it out of line. */
static noinline struct chunk *alloc_grow_chunk(void)
{
	return kmalloc(size, GFP_KERNEL);
}

static void alloc_grow_free_all(void)
{
	while (chunks) {
		struct chunk *c = chunks;

		chunks = c->next;
		kfree(c);
		live_bytes -= size;
		live_chunks--;
	}
}

static void alloc_grow_tick(struct work_struct *work)
{
	unsigned int i;

	mutex_lock(&lock);
	for (i = 0; i < per_tick; i++) {
		struct chunk *c;

		if (saw && live_chunks >= saw_chunks)
			alloc_grow_free_all();
		if (!saw && live_bytes + size > max_bytes)
			break;
		c = alloc_grow_chunk();
		if (!c)
			break;
		c->next = chunks;
		chunks = c;
		live_bytes += size;
		live_chunks++;
		total_bytes += size;
		total_chunks++;
	}
	mutex_unlock(&lock);
	schedule_delayed_work(&tick_work, msecs_to_jiffies(interval_ms));
}

static int __init alloc_grow_init(void)
{
	if (!strcmp(mode, "saw"))
		saw = true;
	else if (strcmp(mode, "grow"))
		return -EINVAL;
	if (size < sizeof(struct chunk) || !interval_ms)
		return -EINVAL;
	pr_info("mode=%s size=%u interval_ms=%u per_tick=%u\n",
		mode, size, interval_ms, per_tick);
	schedule_delayed_work(&tick_work, 0);
	return 0;
}

static void __exit alloc_grow_exit(void)
{
	cancel_delayed_work_sync(&tick_work);
	mutex_lock(&lock);
	pr_info("allocated %lu bytes in %lu chunks, %lu bytes live at exit\n",
		total_bytes, total_chunks, live_bytes);
	alloc_grow_free_all();
	mutex_unlock(&lock);
}

module_init(alloc_grow_init);
module_exit(alloc_grow_exit);
MODULE_DESCRIPTION("allocinfo-top test: a growing or sawtooth allocation callsite");
MODULE_LICENSE("GPL");
