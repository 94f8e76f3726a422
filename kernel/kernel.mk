# Kernel harness targets, included by the top-level Makefile
# (include kernel/kernel.mk) or used alone: make -f kernel/kernel.mk TARGET.
#
#   kernel          build the test kernel (kernel/build), cached
#   kernel-debug    the debug flavour (KASAN, lockdep, IA32_EMULATION)
#   kernel-mm       the kernel with the mm tree's layout (--abi mm)
#   vm              an interactive shell in the VM (leave with poweroff -f)
#   check-vm        the in-VM suite on the normal kernel, then on the mm one
#   check-vm-debug  the same on the debug kernels, plus the -m32 selftest;
#                   fails on a KASAN or lockdep report
#   check-vm-v3, check-vm-mm, check-vm-debug-v3, check-vm-debug-mm: one each
KERNEL_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
KERNEL_ROOT := $(patsubst %/,%,$(dir $(KERNEL_DIR)))
KERNEL_BUILD := $(KERNEL_DIR)/build
VM_DIR := $(KERNEL_DIR)/vm
VM_FLAGS ?=

.PHONY: kernel kernel-debug kernel-mm vm vm-debug check-vm check-vm-debug \
	check-vm-v3 check-vm-mm check-vm-debug-v3 check-vm-debug-mm kernel-vm-tool

kernel:
	$(KERNEL_BUILD)

kernel-debug:
	$(KERNEL_BUILD) --debug

kernel-mm:
	$(KERNEL_BUILD) --abi mm

# The guest runs allocinfo-top.static; build it when the top Makefile can.
kernel-vm-tool:
	@if $(MAKE) -s -C $(KERNEL_ROOT) -n allocinfo-top.static >/dev/null 2>&1; then \
		$(MAKE) -C $(KERNEL_ROOT) allocinfo-top.static; \
	else \
		echo "warning: no allocinfo-top.static target yet; the VM has no allocinfo-top" >&2; \
	fi

vm: kernel-vm-tool
	$(VM_DIR)/run $(VM_FLAGS) --shell

vm-debug: kernel-vm-tool
	$(VM_DIR)/run --debug $(VM_FLAGS) --shell

# Both flavours run even when the first fails; the target fails if either did.
check-vm: kernel-vm-tool
	@rc=0; $(VM_DIR)/check || rc=1; $(VM_DIR)/check --abi mm || rc=1; exit $$rc

check-vm-debug: kernel-vm-tool
	@rc=0; $(VM_DIR)/check --debug || rc=1; \
	$(VM_DIR)/check --debug --abi mm || rc=1; exit $$rc

check-vm-v3 check-vm-mm: kernel-vm-tool
	$(VM_DIR)/check --abi $(@:check-vm-%=%)

check-vm-debug-v3 check-vm-debug-mm: kernel-vm-tool
	$(VM_DIR)/check --debug --abi $(@:check-vm-debug-%=%)
