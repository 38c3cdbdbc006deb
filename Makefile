# wow-analytics - the user's entry points. Meson + ninja do the building; every target
# first runs scripts/bootstrap, which installs what is missing and is quiet otherwise.
BUILD   ?= build
ASAN    ?= build-asan
PREFIX  ?= /usr/local
MESON   ?= meson
NINJA   ?= ninja

.PHONY: all build bootstrap check test check-asan bench demo install format format-check clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja:
	@scripts/bootstrap
	$(MESON) setup $(BUILD) --buildtype=debugoptimized --prefix=$(PREFIX)

build: bootstrap $(BUILD)/build.ninja
	@$(NINJA) -C $(BUILD)

# The whole suite, then the whole suite again under AddressSanitizer + UBSan.
check: build
	@$(MESON) test -C $(BUILD) --print-errorlogs --num-processes 2; a=$$?; \
	$(MAKE) --no-print-directory check-asan; b=$$?; \
	test $$a -eq 0 -a $$b -eq 0

test: build
	@$(MESON) test -C $(BUILD) --print-errorlogs --num-processes 2

$(ASAN)/build.ninja:
	@scripts/bootstrap
	$(MESON) setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

check-asan: bootstrap $(ASAN)/build.ninja
	@$(NINJA) -C $(ASAN)
	@$(MESON) test -C $(ASAN) --print-errorlogs --num-processes 2 --timeout-multiplier 3

bench: build
	@bench/run $(BUILD)

demo: build
	@scripts/demo $(BUILD)

install: build
	$(MESON) configure $(BUILD) --prefix=$(PREFIX)
	$(MESON) install -C $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN)
