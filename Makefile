# A thin wrapper over CMake. `make run` and `make test` are the two commands of the README.
#
#   make          release build in build/
#   make run      build, then print the clean text of the sample article
#   make test     ASan+UBSan build (clang) running every test, then the unit tests under
#                 valgrind from a gcc build, then the fuzz corpus replay and short fuzz runs
#   make bench    benchmarks against gumbo and libxml2 (see bench/README.md)
#   make fuzz TARGET=tree SECONDS=600, make fuzz-afl TARGET=tree, make fuzz-merge,
#   make coverage (see fuzz/README.md)
#   make clean

BUILD      ?= build
JOBS       ?= 2
SAMPLE     ?= corpus/sample/000_e274ecc84d0eab60.txt
TARGET     ?= tree
SECONDS    ?= 600

# Debian packages the build and the tests need.
PACKAGES      = cmake make clang gcc pkg-config libutf8proc-dev libcmocka-dev valgrind \
                python3 libclang-rt-14-dev llvm
BENCH_PACKAGES = libgumbo-dev libxml2-dev
FUZZ_PACKAGES  = afl++

.PHONY: all run test bench fuzz fuzz-afl fuzz-merge coverage clean deps deps-bench deps-fuzz

all:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DSALVAGE_TESTS=OFF
	cmake --build $(BUILD) -j$(JOBS)

# Installs what is missing when run as root; otherwise says what to run.
define ensure_packages
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages:$$missing"; \
	    echo "run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call ensure_packages,$(PACKAGES))

deps-bench: deps
	$(call ensure_packages,$(BENCH_PACKAGES))

deps-fuzz: deps
	$(call ensure_packages,$(FUZZ_PACKAGES))

run: deps all
	@echo "== salvage $(SAMPLE)"
	@$(BUILD)/salvage $(SAMPLE)

test: deps
	cmake -S . -B $(BUILD)/asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	  -DSALVAGE_SANITIZE=address,undefined -DSALVAGE_WERROR=ON
	cmake --build $(BUILD)/asan -j$(JOBS)
	cd $(BUILD)/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j$(JOBS)
	cmake -S . -B $(BUILD)/gcc -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug \
	  -DSALVAGE_WERROR=ON
	cmake --build $(BUILD)/gcc -j$(JOBS)
	python3 tests/run_valgrind.py $(BUILD)/gcc
	@if [ -f fuzz/ci.sh ]; then bash fuzz/ci.sh; fi

bench: deps-bench
	cmake -S . -B $(BUILD)/bench -DCMAKE_BUILD_TYPE=Release -DSALVAGE_BENCH=ON \
	  -DSALVAGE_TESTS=OFF
	cmake --build $(BUILD)/bench -j$(JOBS)
	bash bench/run.sh $(BUILD)/bench

fuzz: deps
	bash fuzz/run.sh libfuzzer $(TARGET) $(SECONDS)

fuzz-afl: deps-fuzz
	bash fuzz/run.sh afl $(TARGET)

fuzz-merge: deps
	bash fuzz/run.sh merge

coverage: deps
	bash fuzz/run.sh coverage

clean:
	rm -rf $(BUILD)
