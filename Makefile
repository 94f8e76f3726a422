# allocinfo-top: top for the kernel's allocation profiling.

VERSION = 0.1
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
BUILD ?= build/default

# The capture that `make run` replays where /proc/allocinfo is not readable.
SAMPLE_CAPTURE = kernel/vm/captures/vm-6.12-grow-saw.cap

# The core (src/) needs libuv only; the screen (ui/) adds ncursesw.
CORE_PKGS = libuv
UI_PKGS = ncursesw
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra
CPPFLAGS += -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -Isrc \
	-Ikernel/include/uapi -MMD -MP
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) 2>/dev/null)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs $(CORE_PKGS) 2>/dev/null) -lm
UI_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(UI_PKGS) 2>/dev/null)
UI_LIBS = $(shell $(PKG_CONFIG) --libs $(UI_PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
LDLIBS += $(UI_LIBS) $(CORE_LIBS)

# src/main.c joins the two rooms: the core in src/, the screen in ui/.
CORE_SRC = $(filter-out src/main.c,$(wildcard src/*.c))
UI_SRC = $(wildcard ui/*.c)
TEST_SRC = $(filter-out tests/check_main.c,$(wildcard tests/*.c))
# The suites of ui/ modules (tests/check_<module>.c); the rest are the core's.
UI_TEST_SRC = $(filter $(UI_SRC:ui/%.c=tests/check_%.c),$(TEST_SRC))
CORE_TEST_SRC = $(filter-out $(UI_TEST_SRC),$(TEST_SRC))
HELPER_SRC = $(filter-out tests/check_%.c,$(TEST_SRC))
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ = $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/src/main.o
CORE_TEST_OBJ = $(CORE_TEST_SRC:%.c=$(BUILD)/%.o)
UI_TEST_OBJ = $(UI_TEST_SRC:%.c=$(BUILD)/%.o)
HELPER_OBJ = $(HELPER_SRC:%.c=$(BUILD)/%.o)
CORE_TEST_BIN = $(BUILD)/tests/check_core
UI_TEST_BIN = $(BUILD)/tests/check_ui
BIN = allocinfo-top

# Debian packages: RUN_PKGS build and run the viewer (`make run`),
# TEST_PKGS add what the tests need, the kernel harness's among them
# (`make check`).  `make deps` installs both.
RUN_PKGS = gcc libc6-dev make pkg-config libncurses-dev libuv1-dev
TEST_PKGS = build-essential check mandoc man-db tmux python3 valgrind \
	ncurses-term bsdextrautils clang libclang-rt-14-dev time \
	$(shell cat kernel/DEPS 2>/dev/null)
# Tests too (check-e2e, check-prom), installed without their Recommends:
# node_exporter's are collector scripts with smartmontools, nvme-cli and
# ipmitool.
TEST_PKGS_NORECOMMENDS = prometheus prometheus-node-exporter \
	python3-prometheus-client curl systemd
DEB_PKGS = $(RUN_PKGS) $(TEST_PKGS)

.PHONY: all check check-all run-now check-unit check-core check-e2e check-man check-tmux asan install uninstall \
	deps deps-run run clean lint-man check-adversarial fuzz fuzz-bins bench \
	bench-stepback \
	check-prom
all: $(BIN)

$(BIN): $(MAIN_OBJ) $(CORE_OBJ) $(UI_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The seal: only ui/, src/main.c and the suites of ui/ modules see ui/'s headers
# and curses, so a core file that includes one does not build.
$(UI_OBJ) $(MAIN_OBJ) $(UI_TEST_OBJ) $(BUILD)/tests/check_main_ui.o: \
	PART_CFLAGS = -Iui $(UI_CFLAGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PART_CFLAGS) $(CORE_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(PART_CFLAGS) $(CORE_CFLAGS) $(CHECK_CFLAGS) \
		$(CFLAGS) -c -o $@ $<

# One runner, built twice: the core's suites, and those of ui/ modules.
$(BUILD)/tests/check_main_ui.o: tests/check_main.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DCHECK_UI $(CHECK_CFLAGS) $(CFLAGS) -c -o $@ $<

# The core's suites link without ui/ and without curses.
$(CORE_TEST_BIN): $(BUILD)/tests/check_main.o $(CORE_TEST_OBJ) $(CORE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(CORE_LIBS)

$(UI_TEST_BIN): $(BUILD)/tests/check_main_ui.o $(UI_TEST_OBJ) \
		$(HELPER_OBJ) $(CORE_OBJ) $(UI_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

# A static binary for the test kernel's initramfs.
allocinfo-top.static: $(MAIN_OBJ) $(CORE_OBJ) $(UI_OBJ)
	$(CC) $(CFLAGS) -static -o $@ $^ -l:libuv_a.a -lncursesw -ltinfo \
		-lpthread -ldl -lm

# The README's test command: installs what is missing, then every test.
check: deps
	@$(MAKE) --no-print-directory check-all check-vm

check-all: check-unit check-e2e check-man check-tmux check-adversarial \
	check-prom

check-unit: check-core $(UI_TEST_BIN)
	$(UI_TEST_BIN)

# The core alone: src/ and its suites, built and run without ui/.
check-core: $(CORE_TEST_BIN)
	$(CORE_TEST_BIN)

check-e2e: $(BIN)
	ALLOCINFO_TOP=./$(BIN) tests/e2e.sh

check-tmux: $(BIN)
	ALLOCINFO_TOP=./$(BIN) tests/tmux.sh

# Hostile files, killed recorders, full disks, huge numbers (as root, the
# files of other users too).
check-adversarial: $(BIN)
	ALLOCINFO_TOP=./$(BIN) tests/adversarial.sh

# The rules under promtool, a real node_exporter and a real Prometheus.
check-prom: $(BIN)
	ALLOCINFO_TOP=./$(BIN) tests/prom.sh

check-man: lint-man $(BIN)
	tests/check-man.sh ./$(BIN) allocinfo-top.1

lint-man:
	mandoc -Tlint -W warning allocinfo-top.1

# The whole of `make check` under AddressSanitizer and UBSan, but for the
# VM suite: the guest runs a static binary, and ASan does not link static.
# The sanitizers slow every test down, so Check's per-test time limits are
# tripled (unless CK_TIMEOUT_MULTIPLIER says otherwise).
asan:
	CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-3} \
	$(MAKE) BUILD=build/asan BIN=build/asan/allocinfo-top \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check-all

# The libFuzzer harnesses of tests/fuzz/, built with clang under ASan and
# UBSan, each run for FUZZ_SECONDS after replaying the crashes found before.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = parse capture config cmdline
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang \
		CFLAGS="-std=gnu11 -Wall -Wextra -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
		LDFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer" fuzz-bins
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

# The harnesses reach the core only: no ui/, no curses.
$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(CORE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

# Speed and memory against the goals of the table (slow; not in check).
bench: $(BIN)
	tests/bench/run.sh ./$(BIN)

# A step back through a replay at its start and at its end (not in check).
bench-stepback: $(BIN) $(BUILD)/stepback
	tests/bench/stepback.sh $(BUILD)/stepback ./$(BIN)

$(BUILD)/stepback: $(BUILD)/tests/bench/stepback.o $(CORE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

run: deps-run
	@$(MAKE) --no-print-directory run-now

run-now: $(BIN)
	@if [ -r /proc/allocinfo ]; then \
		exec ./$(BIN); \
	else \
		echo "allocinfo-top: /proc/allocinfo is not readable here: replaying the sample capture $(SAMPLE_CAPTURE)"; \
		exec ./$(BIN) -r $(SAMPLE_CAPTURE); \
	fi

# Install the missing packages of $(1) as root, with the apt-get options
# $(2); otherwise print the command.
define deps_install
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "deps: all installed"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y $(2) $$missing; \
	else \
		echo "deps: run as root: apt-get update && apt-get install -y $(2) $$missing"; \
		exit 1; \
	fi
endef

deps:
	$(call deps_install,$(DEB_PKGS))
	$(call deps_install,$(TEST_PKGS_NORECOMMENDS),--no-install-recommends)

deps-run:
	$(call deps_install,$(RUN_PKGS))

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/allocinfo-top
	install -m 644 allocinfo-top.1 $(DESTDIR)$(MANPREFIX)/man1/allocinfo-top.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/allocinfo-top \
		$(DESTDIR)$(MANPREFIX)/man1/allocinfo-top.1

clean:
	rm -rf build $(BIN) allocinfo-top.static

-include kernel/kernel.mk
-include $(shell find build -name '*.d' 2>/dev/null)
