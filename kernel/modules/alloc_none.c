// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_none: a module without a single allocation tag.  Loading and
 * unloading it leaves the set of tags as it was, but the content id still
 * changes on every module load and unload.
 */
#include <linux/module.h>

static int __init alloc_none_init(void)
{
	return 0;
}

static void __exit alloc_none_exit(void)
{
}

module_init(alloc_none_init);
module_exit(alloc_none_exit);
MODULE_DESCRIPTION("allocinfo-top test: a module without allocation tags");
MODULE_LICENSE("GPL");
