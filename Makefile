# wow-analytics - the user's entry points. Meson + ninja do the building; every target
# first runs scripts/bootstrap, which installs what is missing and is quiet otherwise.
BUILD   ?= build
ASAN    ?= build-asan
FUZZ    ?= build-fuzz
# make fuzz: seconds per target; make check: the short run of each (docs/fuzzing.md).
FUZZ_SECONDS       ?= 300
FUZZ_CHECK_SECONDS ?= 5
# Fuzz targets at once: each is one process on one core.
FUZZ_JOBS ?= 2
# Tests at once in make check: many wait on servers, kills and timers, so two more than the
# 2 cores keeps both busy (tests/README).
CHECK_JOBS ?= 4
PREFIX  ?= /usr/local
MESON   ?= meson
NINJA   ?= ninja

.PHONY: all build bootstrap check test check-asan fuzz fuzz-build check-fuzz bench demo demo-clickhouse serve install format format-check clean soak

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja:
	@scripts/bootstrap
	$(MESON) setup $(BUILD) --buildtype=debugoptimized --prefix=$(PREFIX)

build: bootstrap $(BUILD)/build.ninja
	@$(NINJA) -C $(BUILD)

# The whole suite, then again under AddressSanitizer + UBSan without the suite 'slow'
# (tests/README) nor 'style' (the sources' checks: the same files whatever the build), then
# the fuzz targets: every kept input, and a short run of each.
check: build
	@$(MESON) test -C $(BUILD) --print-errorlogs --num-processes $(CHECK_JOBS) --no-suite open --no-suite asan-sized; a=$$?; \
	$(MAKE) --no-print-directory check-asan; b=$$?; \
	$(MAKE) --no-print-directory check-fuzz; c=$$?; \
	test $$a -eq 0 -a $$b -eq 0 -a $$c -eq 0

test: build
	@$(MESON) test -C $(BUILD) --print-errorlogs --num-processes $(CHECK_JOBS) --no-suite open --no-suite asan-sized

$(ASAN)/build.ninja:
	@scripts/bootstrap
	$(MESON) setup $(ASAN) --buildtype=debug -Doptimization=1 -Db_sanitize=address,undefined -Db_lundef=false

check-asan: bootstrap $(ASAN)/build.ninja
	@$(NINJA) -C $(ASAN)
	@$(MESON) test -C $(ASAN) --print-errorlogs --num-processes $(CHECK_JOBS) --timeout-multiplier 3 --no-suite slow --no-suite open --no-suite style

# libFuzzer targets (tests/fuzz/): their own build dir with clang, so the plain build
# never needs it.
$(FUZZ)/build.ninja:
	@scripts/bootstrap
	CC=clang $(MESON) setup $(FUZZ) --buildtype=debugoptimized -Dfuzz=true -Dtests=false \
		-Db_sanitize=address,undefined -Db_lundef=false

fuzz-build: bootstrap $(FUZZ)/build.ninja
	@$(NINJA) -C $(FUZZ) fuzz

# Each target for FUZZ_SECONDS; what crashes is kept in tests/fuzz/regressions/TARGET/.
fuzz: fuzz-build
	@FUZZ_JOBS=$(FUZZ_JOBS) scripts/fuzz run $(FUZZ) $(FUZZ_SECONDS)

check-fuzz: fuzz-build
	@FUZZ_JOBS=$(FUZZ_JOBS) scripts/fuzz check $(FUZZ) $(FUZZ_CHECK_SECONDS)

bench: build
	@bench/run $(BUILD)

# The long run of wowah watch against a faulty simulator (tests/pull/t1702; make check
# runs 24 simulated hours of it): SOAK_HOURS, 96 by default.
SOAK_HOURS ?= 96
soak: build
	@SOAK_HOURS=$(SOAK_HOURS) $(MESON) test -C $(BUILD) --verbose --timeout-multiplier 20 \
		t1702-watch-long-run

demo: build
	@scripts/demo $(BUILD)

# The demo's data fed into a local ClickHouse (scripts/clickhouse-dev), a report from it.
demo-clickhouse: build
	@scripts/demo-clickhouse $(BUILD)

# The web app over ./wowah-data (make demo fills it): SERVE_LISTEN to serve elsewhere.
SERVE_LISTEN ?= 127.0.0.1:8080
serve: build
	$(BUILD)/wowah serve --listen $(SERVE_LISTEN)

install: build
	$(MESON) configure $(BUILD) --prefix=$(PREFIX)
	$(MESON) install -C $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)
