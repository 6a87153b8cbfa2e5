# baocao: build, run, test, bench, install.
#
# Plain GNU make. Objects of the normal build live in build/, those of the
# sanitizer build in build/asan/, so the two never mix. The project's own
# flags are kept apart from the user's CFLAGS/LDFLAGS, which come last.
#
#   make            the binary, build/baocao
#   make run        install missing Debian packages, then render input/ into output/
#   make test       install missing Debian packages, then run every test suite
#   make sanitize   the whole test suite built with ASan + UBSan
#   make tsan       ThreadSanitizer on the runs and unit tests that use threads
#   make bench      speed and memory figures (tests/bench/)
#   make fuzz       libFuzzer targets, each for FUZZ_SECONDS
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/baocao
MANDIR  ?= $(PREFIX)/share/man
BUILD   ?= build
CC      ?= cc
PYTHON  ?= /usr/bin/python3

VERSION := 0.1.0
PKGS    := libxml-2.0 libutf8proc fontconfig zlib

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla -Wundef -Wwrite-strings \
        -Wcast-qual -Wpointer-arith -Wnull-dereference -Wimplicit-fallthrough
ifeq ($(CI),true)
WARN += -Werror
endif
ifdef WERROR
WARN += -Werror
endif

# Evaluated lazily (=), so that pkg-config runs only after the deps step.
BAOCAO_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -g $(WARN) \
                -DBAOCAO_VERSION='"$(VERSION)"' -DBAOCAO_DATADIR='"$(DATADIR)"' \
                $(shell pkg-config --cflags $(PKGS)) -MMD -MP
BAOCAO_LIBS   = $(shell pkg-config --libs $(PKGS)) -lhpdf -lm -lpthread
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka)

SRC     := $(sort $(wildcard src/*.c))
LIBSRC  := $(filter-out src/main.c,$(SRC))
OBJ     := $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
UNITSRC := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN := $(UNITSRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCHSRC := $(sort $(wildcard tests/bench/*.c))
BENCHBIN := $(BENCHSRC:tests/bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps run test check unit sanitize tsan bench fuzz install uninstall clean

all: $(BUILD)/baocao

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(BAOCAO_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libbaocao.a: $(OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/baocao: $(BUILD)/obj/main.o $(BUILD)/libbaocao.a
	$(CC) $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BAOCAO_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libbaocao.a
	@mkdir -p $(@D)
	$(CC) $(BAOCAO_CFLAGS) $(CMOCKA_CFLAGS) -Isrc $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $< $(BUILD)/libbaocao.a $(CMOCKA_LIBS) $(BAOCAO_LIBS)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libbaocao.a
	@mkdir -p $(@D)
	$(CC) $(BAOCAO_CFLAGS) -Isrc $(EXTRA_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -o $@ $< $(BUILD)/libbaocao.a $(BAOCAO_LIBS)

# The deps step: checks first, calls apt-get only for what is missing.
deps:
	@sh tests/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run-samples.sh $(BUILD)/baocao

# Every suite runs even when one fails; the last line totals them all.
test: deps
	@$(MAKE) --no-print-directory check

check: all $(UNITBIN)
	@sh tests/run-tests.sh $(BUILD)

unit: $(UNITBIN)

sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build/asan \
	    EXTRA_CFLAGS='-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all' \
	    check

# ThreadSanitizer on the program and the unit tests that run threads.
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan EXTRA_CFLAGS='-O1 -g -fsanitize=thread' \
	    build/tsan/baocao build/tsan/tests/test_batch build/tsan/tests/test_deflate \
	    build/tsan/tests/test_pdf
	@sh tests/tsan.sh build/tsan

bench: deps
	@sh tests/deps.sh bench
	@$(MAKE) --no-print-directory all $(BENCHBIN)
	@sh tests/bench/run.sh $(BUILD)

# Each libFuzzer target for FUZZ_SECONDS (default 60); CI runs a short smoke.
FUZZ_SECONDS ?= 60
fuzz: deps
	@sh tests/deps.sh fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates
	install -m 755 $(BUILD)/baocao $(DESTDIR)$(BINDIR)/baocao
	install -m 644 templates/* $(DESTDIR)$(DATADIR)/templates/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/baocao
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build

-include $(OBJ:.o=.d) $(BUILD)/obj/main.d
