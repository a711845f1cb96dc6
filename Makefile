# tp: one plain GNU Makefile.  See README.md.
#
#   make [all]        build bin/ programs into $(BUILD)
#   make check        the whole test suite, plain and under the sanitizers;
#                     it installs nothing (scripts/install-deps does)
#   make demo         install what is missing, build, run a real pipeline
#   make regen        remake the committed generated files (scripts/regen);
#                     make check fails when one is not up to date
#   make bench        rows per second of tp-fetch import against awk
#   make install      binaries and man pages under $(DESTDIR)$(PREFIX)
#   make clean
#   make SANITIZE=1   build with -fsanitize=address,undefined in build-san/
#   make fuzz         libFuzzer on tests/fuzz/fuzz_*.c, FUZZ_SECONDS each
#
# Variables: CC (default gcc; make CC=clang builds too), CFLAGS and LDFLAGS
# (default -O3 -g -flto=auto; -O0 to -O3 build warning-free), WERROR
# (default -Werror; make WERROR= leaves warnings as warnings), BUILD.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# gcc unless CC is given (make's built-in default, cc, is not a choice:
# "CC ?= gcc" would never apply).  clang builds too, with the same flags
# (-flto=auto is full LTO to clang; Debian's clang brings its linker plugin).
ifeq ($(origin CC),default)
CC = gcc
endif
CFLAGS ?= -O3 -g -flto=auto
LDFLAGS ?= -flto=auto
# Warnings are errors; "make WERROR=" shows them and builds on.
WERROR ?= -Werror

# -flto lets the record layer inline across files (scripts/bench: about
# 15% on CSV to NDJSON); -O3 over -O2 makes tp-ind 4.5% faster and
# tp-fetch import to NDJSON 7% (no effect on results: no -ffast-math).
# Every build: C11, warnings are errors (WERROR), no FMA contraction
# (tp-fetch synth promises the same bytes on every machine).
TP_CFLAGS = -std=c11 -pthread -Wall -Wextra $(WERROR) \
	-D_POSIX_C_SOURCE=200809L -ffp-contract=off -Ilib

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
else
BUILD ?= build
SAN =
endif

# Libraries come from pkg-config; say clearly which are missing.
PKGS = libcurl jansson sqlite3 libsodium zlib xgboost
PKG_MISSING := $(shell for p in $(PKGS); do \
	pkg-config --exists $$p 2>/dev/null || echo $$p; done)
ifeq ($(PKG_MISSING),)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
endif

# CUDA: built when nvcc is there; the CPU build never needs it.
NVCC ?= $(shell command -v nvcc 2>/dev/null || \
	(test -x /usr/local/cuda/bin/nvcc && echo /usr/local/cuda/bin/nvcc))
GPU_SRC = $(wildcard gpu/*.cu)
# Machine code for Hopper (H100, H200) and Ampere, and PTX that newer GPUs
# compile when loading; "make NVCC=" builds without CUDA.
NVCC_FLAGS = -O2 $(if $(WERROR),-Werror all-warnings) \
	-gencode arch=compute_80,code=sm_80 \
	-gencode arch=compute_90,code=[sm_90,compute_90]
ifneq ($(NVCC),)
ifneq ($(GPU_SRC),)
# nvcc may be a wrapper outside the toolkit: ask it where cudart is.
ifndef CUDA_LIBDIR
CUDA_LIBDIR := $(shell scripts/cuda-libdir $(NVCC))
endif
ifeq ($(CUDA_LIBDIR),)
$(warning $(NVCC): no libcudart_static.a found; building without CUDA)
else
GPU_OBJ = $(GPU_SRC:gpu/%.cu=$(BUILD)/gpu/%.o)
TP_CFLAGS += -DTP_HAVE_CUDA
# cudart linked statically: the programs run where the toolkit is not
PKG_LIBS += -L$(CUDA_LIBDIR) -lcudart_static -ldl -lrt -lstdc++
endif
endif
endif

ALL_CFLAGS = $(TP_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(SAN)
# lib/ also warns on implicit conversions that may change a value (an
# int64 millisecond time into an int, a size into a sign): each one there
# is written out as a cast that says it is meant.
LIB_CFLAGS = $(ALL_CFLAGS) -Wconversion
ALL_LDFLAGS = $(LDFLAGS) $(SAN) -Wl,--as-needed
LIBS = $(PKG_LIBS) -lm -pthread

# Every lib/*/tp_*.c is part of libtp, in folders by layer (lib/README.md);
# lib/ind/ also holds one file per indicator family, and the registry is
# generated from those.  Every cmd/tp-*.c is a program; cmd/cli.c is the
# printing and option side they share.
LIB_SRC = $(sort $(wildcard lib/*/tp_*.c lib/*/*/tp_*.c))
IND_SRC = $(sort $(filter-out lib/ind/tp_%,$(wildcard lib/ind/*.c)))
LIB_OBJ = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) \
	$(IND_SRC:lib/ind/%.c=$(BUILD)/lib/ind/%.o) \
	$(BUILD)/lib/ind_registry.o $(BUILD)/lib/sql_migrations.o \
	$(BUILD)/lib/llm_prompt.o $(GPU_OBJ)
LIB_HDR = $(wildcard lib/*/*.h lib/*/*/*.h)
CLI_OBJ = $(BUILD)/cmd/cli.o

PROGS = $(patsubst cmd/%.c,%,$(sort $(wildcard cmd/tp-*.c)))
BINS = $(PROGS:%=$(BUILD)/bin/%)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# One libFuzzer harness per parser of untrusted input, tests/fuzz/fuzz_*.c.
# make check replays each one's committed corpus as a regular test
# (tests/fuzz/replay.c); make fuzz runs libFuzzer on them (clang).
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(BUILD)/tests/test_fuzz_%)
FUZZ_SECONDS ?= 60

MAN1 = $(wildcard man/man1/*.1)
MAN5 = $(wildcard man/man5/*.5)
MAN7 = $(wildcard man/man7/*.7)

.PHONY: all deps tests check demo regen bench install uninstall clean lint \
	fuzz

all: deps $(BINS)

deps:
ifneq ($(PKG_MISSING),)
	@echo "tp: missing libraries (pkg-config): $(PKG_MISSING)" >&2
	@echo "tp: run scripts/install-deps (make demo does)" >&2
	@exit 1
endif

$(BUILD)/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/lib/ind_registry.c: $(IND_SRC) scripts/gen-ind-registry
	@mkdir -p $(@D)
	scripts/gen-ind-registry $(IND_SRC) > $@

$(BUILD)/lib/ind_registry.o: $(BUILD)/lib/ind_registry.c $(LIB_HDR)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The journal schema, share/sql/NNN-*.sql, built into the binary.
SQL_SRC = $(sort $(wildcard share/sql/[0-9]*.sql))

$(BUILD)/lib/sql_migrations.c: $(SQL_SRC) scripts/gen-sql
	@mkdir -p $(@D)
	scripts/gen-sql $(SQL_SRC) > $@

$(BUILD)/lib/sql_migrations.o: $(BUILD)/lib/sql_migrations.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# tp-predict's built-in LLM prompt, share/prompts/default.txt.
$(BUILD)/lib/llm_prompt.c: share/prompts/default.txt scripts/gen-text
	@mkdir -p $(@D)
	scripts/gen-text tp_lprompt_default $< > $@

$(BUILD)/lib/llm_prompt.o: $(BUILD)/lib/llm_prompt.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gpu/%.o: gpu/%.cu $(LIB_HDR)
	@mkdir -p $(@D)
	$(NVCC) $(NVCC_FLAGS) -Ilib -c -o $@ $<

$(BUILD)/libtp.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(CLI_OBJ): cmd/cli.c cmd/cli.h $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/bin/%: cmd/%.c $(CLI_OBJ) $(BUILD)/libtp.a $(LIB_HDR) cmd/cli.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CLI_OBJ) $(ALL_LDFLAGS) \
		$(BUILD)/libtp.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtp.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(ALL_LDFLAGS) \
		$(BUILD)/libtp.a $(LIBS)

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
		$(BUILD)/libtp.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DFUZZ_NAME='"$*"' -o $@ tests/fuzz/replay.c $< \
		$(ALL_LDFLAGS) $(BUILD)/libtp.a $(LIBS)

# The venues' operations from the command line, for tests/live-*.bats.
$(BUILD)/tests/live-drive: tests/live/drive.c $(BUILD)/libtp.a $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(BUILD)/libtp.a $(LIBS)

tests: all $(UNITS) $(FUZZ_REPLAY) $(BUILD)/tests/live-drive

# The suite runs twice: on the plain build and on the sanitizer build.
# It installs nothing (a test run that calls apt-get surprises): a fresh
# machine runs scripts/install-deps first, as .ci/run and make demo do.
check:
	$(MAKE) tests
	$(MAKE) SANITIZE=1 tests
	scripts/run-tests build build-san

demo:
	scripts/install-deps
	$(MAKE) all
	scripts/demo build/bin

# libFuzzer with ASan and UBSan: libtp built by clang with coverage in
# build-fuzz/, each harness run FUZZ_SECONDS on a copy of its corpus.  New
# inputs land in build-fuzz/corpus/NAME, crashes in build-fuzz/crashes/.
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang NVCC= CFLAGS='-O1 -g' LDFLAGS= \
		SAN='-fsanitize=address,undefined,fuzzer-no-link \
		-fno-sanitize-recover=all -fno-omit-frame-pointer' \
		build-fuzz/libtp.a
	@mkdir -p build-fuzz/crashes
	@set -e; for n in $(FUZZ_NAMES); do \
		mkdir -p build-fuzz/corpus/$$n; \
		clang $(TP_CFLAGS) $(PKG_CFLAGS) -O1 -g \
			-fsanitize=fuzzer,address,undefined \
			-fno-sanitize-recover=all -o build-fuzz/fuzz_$$n \
			tests/fuzz/fuzz_$$n.c build-fuzz/libtp.a $(LIBS); \
		echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=build-fuzz/crashes/$$n- \
			-print_final_stats=1 \
			build-fuzz/corpus/$$n tests/fuzz/corpus/$$n \
			2>build-fuzz/fuzz_$$n.log || \
			{ tail -40 build-fuzz/fuzz_$$n.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units' \
			build-fuzz/fuzz_$$n.log; \
	done

# Only what the repository alone can remake: scripts/regen lists the
# generated files whose oracle (TA-Lib, pandas, freqtrade, npm) is outside
# it, and CI cannot run those.
regen: $(BUILD)/bin/tp-ind
	CC='$(CC)' scripts/regen $(BUILD)/bin/tp-ind

bench: tests
	scripts/bench build/bin
	scripts/bench-llm build/bin
	scripts/bench-live build/bin

lint:
	mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	if [ -n "$(MAN5)" ]; then cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/; fi
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) \
		$(MAN1:man/man1/%=$(DESTDIR)$(MANDIR)/man1/%) \
		$(MAN5:man/man5/%=$(DESTDIR)$(MANDIR)/man5/%) \
		$(MAN7:man/man7/%=$(DESTDIR)$(MANDIR)/man7/%)

clean:
	rm -rf build build-san build-fuzz
