#!/usr/bin/env python3
# Writes the captures the tmux tests replay (tests/data/ui-*.cap).
import sys

def tag(b, c, f, line, mod, func, acc=True):
    m = f"[{mod}] " if mod else ""
    a = "" if acc else " accurate:no"
    return f"{b:12d} {c:8d} {f}:{line} {m}func:{func}{a} \n"

def leak(path, n=240, step=0.5):
    out = []
    t0 = 1796371200.0
    for i in range(n):
        rows = [
            (64 << 20, 16, "mm/vmalloc.c", 3100, "", "big_table_alloc", True),
            ((8 << 20) + i * 4096, 100 + i, "drivers/leak/leak.c", 42, "leakmod", "leaky_alloc", True),
            ((2 << 20) + ((64 << 10) if i >= 10 else 0), 50, "net/core/skbuff.c", 600, "", "spiky_alloc", True),
            (max(0, (20 << 20) - i * 8192), 4000 - i, "fs/ext4/super.c", 1200, "ext4", "ext4_fill_super", True),
            (5 << 20, 300 + (i % 3), "fs/xfs/xfs_buf.c", 300, "xfs", "xfs_buf_alloc", True),
            (3 << 20, 30, "net/netfilter/nf_conntrack_core.c", 2500, "nf_conntrack", "nf_ct_alloc", False),
        ]
        for k in range(24):
            rows.append(((k + 1) * 4096 + (i % 5) * 64, k + 1, f"kernel/sub{k % 4}/file{k}.c", 10 + k, "", f"helper_{k:02d}", True))
        out.append(f"@sample {t0 + i * step:.6f} content_id=7 source=text tags={len(rows)}\n")
        out.append("allocinfo - version: 1.0\n#     <size>  <calls> <tag info>\n")
        for r in rows:
            out.append(tag(*r))
    open(path, "w").write("".join(out))

def evil(path):
    rows = [
        (1 << 20, 1, "evil/a.c", 1, "", "evil\x1b[2J\x1b]2;PWNED\x07title", True),
        (2 << 20, 1, "evil/\x1b[31mred.c", 2, "", "normal_func", True),
    ]
    out = []
    for i in range(3):
        out.append(f"@sample {1796371200 + i}.000000 source=text tags={len(rows)}\n")
        for r in rows:
            out.append(tag(*r))
    open(path, "w").write("".join(out))

# Recorded elsewhere: the host, release and meminfo in the separator, and
# names of every length.
def origin(path):
    out = []
    for i in range(4):
        rows = [
            ((9 << 20) + i * 8192, 2300 + 2 * i, "mm/filemap.c", 1944, "", "__filemap_get_folio", True),
            (6 << 20, 400, "kernel/fork.c", 188, "", "alloc_task_struct_node", True),
            ((4 << 20) + i * 4096, 90 + i, "drivers/a/very/long/path/to/some/source_file_name.c", 1234,
             "a_module_name_that_is_long", "a_function_name_longer_than_any_column_can_hold", True),
            (2 << 20, 60, "mm/slub.c", 2478, "", "alloc_slab_page", True),
            (1 << 20, 10, "net/core/skbuff.c", 600, "", "kmalloc_reserve", False),
        ]
        mem = f"MemTotal=16318288 Slab={700000 + i * 8} VmallocUsed=15000 PageTables={4600 + i * 4}"
        out.append(f"@sample {1796371200 + 2 * i}.000000 source=ioctl tags={len(rows)} host=db-7 release=6.12.9 {mem}\n")
        for r in rows:
            out.append(tag(*r))
    open(path, "w").write("".join(out))

leak(sys.argv[1] if len(sys.argv) > 1 else "tests/data/ui-leak.cap")
evil(sys.argv[2] if len(sys.argv) > 2 else "tests/data/ui-escape.cap")
origin(sys.argv[3] if len(sys.argv) > 3 else "tests/data/ui-origin.cap")
