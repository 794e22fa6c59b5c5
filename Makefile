# quartier: make | make check | make demo | make bench | make install
# GPL-3.0-or-later

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CFLAGS  ?= -O2 -g
SOVER   := 0
VERSION := 0.1.0

CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
MINIZIP_CFLAGS := $(shell pkg-config --cflags minizip 2>/dev/null || echo -I/usr/include/minizip)
WARN      := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -D_POSIX_C_SOURCE=200809L \
             -D_DEFAULT_SOURCE
QT_CFLAGS := $(WARN) -Iinclude -Ilib $(CJSON_CFLAGS) $(MINIZIP_CFLAGS)
# The command-line tool sees the public header only and links the shared library, so it proves the
# API: reaching past quartier.h fails to compile, calling a hidden function fails to link.
CLI_CFLAGS := $(WARN) -Iinclude
LIBS    := -lglpk -lcjson -lsqlite3 -lxlsxwriter -lminizip -lz -lexpat -lm -pthread
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC  := $(sort $(wildcard lib/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TESTS    := $(patsubst tests/%.c,build/tests/%,$(TEST_SRC))
ASAN_TESTS := $(patsubst tests/%.c,build/asan/tests/%,$(TEST_SRC))
HDR      := include/quartier.h $(wildcard lib/*.h) $(wildcard tests/*.h)

B := build
OBJ      := $(patsubst lib/%.c,$(B)/obj/%.o,$(LIB_SRC))
ASAN_OBJ := $(patsubst lib/%.c,$(B)/asan/obj/%.o,$(LIB_SRC))

.PHONY: all check test test-asan demo bench install uninstall clean deps
all: $(B)/libquartier.a $(B)/libquartier.so $(B)/quartier $(B)/locale/de/LC_MESSAGES/quartier.mo

# German: po/de.po (sh po/extract.sh refreshes it and po/quartier.pot from the sources) built to the
# catalogue the program finds beside itself (build/locale) or under $(PREFIX)/share/locale.
$(B)/locale/%/LC_MESSAGES/quartier.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

$(B)/obj/%.o: lib/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(QT_CFLAGS) -fPIC -fvisibility=hidden -DQT_BUILD -c $< -o $@

$(B)/libquartier.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/libquartier.so: $(OBJ)
	$(CC) -shared -Wl,-soname,libquartier.so.$(SOVER) -o $(B)/libquartier.so.$(VERSION) $^ $(LIBS)
	ln -sf libquartier.so.$(VERSION) $(B)/libquartier.so.$(SOVER)
	ln -sf libquartier.so.$(VERSION) $@

$(B)/quartier: $(CLI_SRC) $(B)/libquartier.so include/quartier.h cli/cli.h
	$(CC) $(CFLAGS) $(CLI_CFLAGS) -DQT_LOCALEDIR='"$(PREFIX)/share/locale"' -o $@ $(CLI_SRC) -L$(B) -lquartier -lm \
	  -Wl,-rpath,'$$ORIGIN:$$ORIGIN/../lib'


$(B)/tests/%: tests/%.c $(B)/libquartier.a $(HDR) tests/testutil.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(QT_CFLAGS) -Wno-shadow -o $@ $< $(B)/libquartier.a $(LIBS) -lcmocka

# ---- sanitizer build of library, CLI and tests ----
$(B)/asan/obj/%.o: lib/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(QT_CFLAGS) -c $< -o $@

$(B)/asan/libquartier.a: $(ASAN_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/asan/quartier: $(CLI_SRC) $(B)/asan/libquartier.a $(HDR)
	$(CC) -O1 -g $(SAN) $(CLI_CFLAGS) -DQT_LOCALEDIR='"$(PREFIX)/share/locale"' -o $@ $(CLI_SRC) \
	  $(B)/asan/libquartier.a $(LIBS)

$(B)/asan/tests/%: tests/%.c $(B)/asan/libquartier.a $(HDR) tests/testutil.h
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(QT_CFLAGS) -Wno-shadow -o $@ $< $(B)/asan/libquartier.a $(LIBS) -lcmocka

deps:
	@sh .ci/deps

test: deps all $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; s=$$(date +%s); \
	  QT_BIN=$(B)/quartier QUARTIER_DB=$(B)/tests/quartier.db $$t; echo "== $$t: $$(($$(date +%s) - s)) s"; done

test-asan: deps $(B)/asan/quartier $(ASAN_TESTS)
	@set -e; for t in $(ASAN_TESTS); do echo "== $$t (ASan+UBSan)"; s=$$(date +%s); \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 QT_BIN=$(B)/asan/quartier QT_SLOW_BUILD=1 QUARTIER_DB=$(B)/asan/tests/quartier.db $$t; \
	  echo "== $$t: $$(($$(date +%s) - s)) s"; done

check: lint api layers test-valgrind test test-asan

# The library exports exactly the QT_API functions of quartier.h, and cli/ includes nothing of lib/.
.PHONY: api layers
api: $(B)/libquartier.so
	@sh tests/api.sh $(B)/libquartier.so

# No two files of lib/ depend on each other, directly or in a ring (README, "Where things are").
layers: $(B)/libquartier.a
	@sh tests/layers.sh $(B)/obj

# ---- robustness (README, "Robustness"): valgrind over the fast CLI tests, lint, fuzzing ----
.PHONY: test-valgrind lint fuzz
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZERS := $(B)/fuzz/fuzz_scenario $(B)/fuzz/fuzz_apportion $(B)/fuzz/fuzz_csv $(B)/fuzz/fuzz_xlsx

$(B)/tests/test_fuzz $(B)/asan/tests/test_fuzz: $(wildcard tests/fuzz/*.c)

test-valgrind: deps all $(B)/tests/test_bad $(B)/tests/test_sheets
	@echo "== $(B)/tests/test_bad (valgrind memcheck)"; \
	  QT_BIN="$(VALGRIND) $(B)/quartier" QUARTIER_DB=$(B)/tests/quartier.db $(B)/tests/test_bad
	@echo "== $(B)/tests/test_sheets --catalogue (valgrind memcheck)"; \
	  QT_BIN="$(VALGRIND) $(B)/quartier" QUARTIER_DB=$(B)/tests/quartier.db $(B)/tests/test_sheets --catalogue

lint: deps
	@sh tests/lint.sh

$(B)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(QT_CFLAGS) -o $@ $< $(LIB_SRC) $(LIBS)

fuzz: deps $(FUZZERS)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(B)/fuzz

demo: deps all
	./$(B)/quartier solve examples/esslingen-2016.json

bench: deps all
	sh tests/bench.sh
	sh tests/bench_seeds.sh
	sh tests/bench_sweep.sh
	sh tests/bench_scale.sh
	sh tests/bench_futures.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/bin \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/quartier.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(B)/libquartier.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libquartier.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libquartier.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libquartier.so.$(SOVER)
	ln -sf libquartier.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libquartier.so
	install -m 755 $(B)/quartier $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(PREFIX)/share/locale/de/LC_MESSAGES $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(B)/locale/de/LC_MESSAGES/quartier.mo $(DESTDIR)$(PREFIX)/share/locale/de/LC_MESSAGES/
	install -m 644 cli/quartier.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: quartier\nDescription: plans refugee accommodation for a German district\nVersion: %s\nRequires.private: libcjson sqlite3 xlsxwriter minizip expat\nLibs: -L$${libdir} -lquartier\nLibs.private: -lglpk -lm\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(VERSION)' > $(DESTDIR)$(PREFIX)/lib/pkgconfig/quartier.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/include/quartier.h $(DESTDIR)$(PREFIX)/lib/libquartier.* \
	  $(DESTDIR)$(PREFIX)/bin/quartier $(DESTDIR)$(PREFIX)/lib/pkgconfig/quartier.pc \
	  $(DESTDIR)$(PREFIX)/share/locale/de/LC_MESSAGES/quartier.mo $(DESTDIR)$(PREFIX)/share/man/man1/quartier.1

clean:
	rm -rf $(B)
