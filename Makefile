# tiendo: build, test, install, bench, fuzz.
#
#   make            build ./tiendo (installs missing Debian packages first)
#   make check      unit + end-to-end tests, plain then under ASan+UBSan;
#                   end-to-end on 7-byte reads and under TSan; fuzz smoke
#   make run        the main job on input/
#   make bench      the benchmarks (never part of check)
#   make fuzz       every libFuzzer target, FUZZ_SECONDS each
#   make install    PREFIX=/usr/local DESTDIR=: the program, its templates
#                   and the manual page tiendo(1)

CC       ?= cc
PREFIX   ?= /usr/local
MANDIR   ?= $(PREFIX)/share/man
DESTDIR  ?=
SANITIZE ?=
FUZZ_SECONDS ?= 600

PKGS     := libpcre2-8 jansson libutf8proc libmicrohttpd
VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

ifeq ($(SANITIZE),)
BUILD    := build/release
OPT      := -O2
else
comma    := ,
BUILD    := build/san-$(subst $(comma),-,$(SANITIZE))
OPT      := -O1 -fno-omit-frame-pointer -fsanitize=$(SANITIZE) \
            -fno-sanitize-recover=all
endif

# READ_CHUNK=7 builds a tiendo that reads 7 bytes at a time and ships jobs
# of 61 bytes (make check runs the end-to-end tests on it: positions must
# not depend on chunking)
ifneq ($(READ_CHUNK),)
BUILD    := $(BUILD)-chunk$(READ_CHUNK)
OPT      += -DCSV_READ_CHUNK=$(READ_CHUNK) -DCSV_JOB_BYTES=61 -DPIPE_MIN_BYTES=0
endif
# ThreadSanitizer watches the reading threads: every file goes through
# them, in jobs of a few records
ifneq ($(findstring thread,$(SANITIZE)),)
OPT      += -DPIPE_MIN_BYTES=0 -DCSV_JOB_BYTES=257
endif

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-unused-parameter
# CFLAGS and LDFLAGS stay the user's: what the build needs is in ALL_*
CFLAGS   ?=
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -pthread -g $(OPT) $(WARN) -MMD -MP \
            -DTIENDO_VERSION='"$(VERSION)"' \
            -DTIENDO_DATADIR='"$(PREFIX)/share/tiendo"' $(CFLAGS)
ALL_LDFLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE)) $(LDFLAGS)

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lhpdf -lm -pthread
TEST_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null)

SRCS     := $(wildcard src/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
OBJS     := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(wildcard tests/unit/*.c)
TEST_OBJS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/test/%.o) $(BUILD)/test/oracle_reader.o

BIN      := $(BUILD)/tiendo
UNIT     := $(BUILD)/unit-tests

.PHONY: all deps run check check-suite check-e2e fuzz-smoke fuzz bench \
        install install-man uninstall uninstall-man clean

all: tiendo

deps:
	@scripts/install-deps.sh

# the binary at the top of the tree is the release build
tiendo: $(BUILD)/tiendo
	@cp $< $@

$(BUILD)/obj/%.o: src/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/test/%.o: tests/unit/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Isrc -Itests/oracle \
		$(PKG_CFLAGS) $(TEST_CFLAGS) -c $< -o $@

# the reader as it was, the oracle of the differential tests
$(BUILD)/test/oracle_reader.o: tests/oracle/oracle_reader.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -Itests/oracle $(PKG_CFLAGS) -c $< -o $@

$(BIN): $(OBJS)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) -o $@

$(UNIT): $(TEST_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) $(TEST_LIBS) -o $@

# data errors (exit 1) are what the demo data is for: only worse fails make
run: tiendo
	@echo "./tiendo validate --input input input/submissions/*/*.csv"
	@./tiendo validate --input input input/submissions/*/*.csv; \
	  st=$$?; [ $$st -le 1 ] || exit $$st
	@p=$$(ls input/submissions | grep -E '^[0-9]{4}-[0-9]{2}$$' | tail -n 1); \
	  echo "./tiendo run --period $$p --input input --output output"; \
	  ./tiendo run --period $$p --input input --output output; \
	  st=$$?; [ $$st -le 1 ] || exit $$st; \
	  echo "the documents of $$p are in output/$$p/"

# The whole suite, once plain and once under the sanitizers. deps installs
# chromium, so the browser test may not skip itself here.
check: export TIENDO_REQUIRE_BROWSER = 1
check: deps
	@$(MAKE) --no-print-directory check-suite
	@$(MAKE) --no-print-directory SANITIZE=address,undefined check-suite
	@$(MAKE) --no-print-directory SANITIZE=address,undefined READ_CHUNK=7 check-e2e
	@$(MAKE) --no-print-directory SANITIZE=thread check-e2e
	@$(MAKE) --no-print-directory fuzz-smoke

check-suite: $(BIN) $(UNIT)
	@echo "== unit tests ($(if $(SANITIZE),sanitizers: $(SANITIZE),plain)) =="
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(UNIT) --jobs 2
	@echo "== end-to-end tests ($(if $(SANITIZE),sanitizers: $(SANITIZE),plain)) =="
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  TIENDO=$(BIN) tests/e2e/run.sh

check-e2e: $(BIN)
	@echo "== end-to-end tests ($(BUILD)) =="
	@ASAN_OPTIONS=detect_leaks=1 TIENDO=$(BIN) tests/e2e/run.sh

# libFuzzer targets, scripts/fuzz/fuzz_NAME.c, each over the whole library
# built once with the fuzzer's instrumentation; seeds and dictionaries in
# tests/fuzz/NAME/ and tests/fuzz/NAME.dict (scripts/fuzz/run.sh). The
# library reads in 7-byte chunks with a 256-byte field cap, so that short
# inputs reach chunk boundaries, cut characters and overlong fields.
FUZZ_TARGETS := validate template schema roadmap received
FUZZ_DIR  := build/fuzz
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_OBJS := $(LIB_SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o) \
             $(FUZZ_DIR)/obj/oracle_reader.o
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Isrc -Itests/oracle \
            -DCSV_READ_CHUNK=7 -DCSV_FIELD_CAP=256 \
            -fsanitize=address,undefined -fno-sanitize-recover=all \
            -DTIENDO_VERSION='"$(VERSION)"' \
            -DTIENDO_DATADIR='"$(PREFIX)/share/tiendo"'

.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_DIR)/obj/%.o: src/%.c | deps
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP $(PKG_CFLAGS) \
	  -c $< -o $@

$(FUZZ_DIR)/obj/oracle_reader.o: tests/oracle/oracle_reader.c | deps
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP $(PKG_CFLAGS) \
	  -c $< -o $@

$(FUZZ_DIR)/fuzz_%: scripts/fuzz/fuzz_%.c scripts/fuzz/fuzz_util.h \
		$(FUZZ_OBJS) | deps
	clang $(FUZZ_CFLAGS) $(WARN) -fsanitize=fuzzer $(PKG_CFLAGS) \
	  $< $(FUZZ_OBJS) $(PKG_LIBS) -o $@

# every target a few seconds, 30 s in all
fuzz-smoke: $(FUZZ_BINS)
	@echo "== fuzz smoke test ($(FUZZ_TARGETS): 6 s each) =="
	@for t in $(FUZZ_TARGETS); do scripts/fuzz/run.sh $$t 6 || exit 1; done

fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
	  scripts/fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

bench: tiendo
	scripts/bench/bench.sh ./tiendo
	scripts/bench/summary.sh ./tiendo
	scripts/bench/report.sh ./tiendo
	scripts/bench/serve.sh ./tiendo

install: tiendo install-man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tiendo/templates
	install -d $(DESTDIR)$(PREFIX)/share/tiendo/templates/intake
	install -m 755 tiendo $(DESTDIR)$(PREFIX)/bin/tiendo
	install -m 644 $(filter-out templates/intake,$(wildcard templates/*)) \
		$(DESTDIR)$(PREFIX)/share/tiendo/templates/
	install -m 644 templates/intake/* \
		$(DESTDIR)$(PREFIX)/share/tiendo/templates/intake/

# the manual alone, without building (the end-to-end tests install it)
install-man:
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 tiendo.1 $(DESTDIR)$(MANDIR)/man1/tiendo.1

uninstall: uninstall-man
	rm -f $(DESTDIR)$(PREFIX)/bin/tiendo
	rm -rf $(DESTDIR)$(PREFIX)/share/tiendo

uninstall-man:
	rm -f $(DESTDIR)$(MANDIR)/man1/tiendo.1

clean:
	rm -rf build tiendo

-include $(OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
