# Two commands for a new user: `make report` and `make test`.
# Both install what is missing first (scripts/ensure-deps.sh), then build and run.

SWIFT ?= swift
DATA ?= data
OUT ?= reports
RELEASE_BIN = .build/release/credgraph
# The stages are modules that may import only the stages before them
# (docs/design.md). A module folder left over from an incremental build can
# let an undeclared import compile; this check fails the build instead.
STAGE_CHECK = --explicit-target-dependency-import-check error

.PHONY: deps build release report check test bench clean fuzz rules-doc

deps:
	@bash scripts/ensure-deps.sh

build: deps
	$(SWIFT) build $(STAGE_CHECK)

release: deps
	$(SWIFT) build -c release --product credgraph $(STAGE_CHECK)

# The main job on the sample data: every report into reports/.
report: release
	$(RELEASE_BIN) report --data $(DATA) --out $(OUT)

check: release
	$(RELEASE_BIN) check --data $(DATA)

# Figures, not tests: probe ingestion (JSON lines, logfmt, gzip; 1x and 2x the
# lines), graph and diagram benchmarks. Generated data is cached in bench-data/.
bench: deps
	@CREDGRAPH_BENCH=1 bash scripts/ensure-deps.sh || echo "bench: could not install GNU time; peak RSS will not be shown" >&2
	$(SWIFT) build -c release
	bash scripts/bench.sh

test: deps
	$(SWIFT) build --build-tests $(STAGE_CHECK)
	$(SWIFT) test --skip-build

# libFuzzer on every parser (Fuzz/README.md): FUZZ_SECONDS each (default 60),
# FUZZ_TARGETS to pick some. Optimised, with AddressSanitizer, in .build-fuzz.
# Not part of `make test`; the committed corpus is replayed there instead.
# SwiftPM can keep a stale plan of the main package after files were added
# to it, so a failed build is retried once with the plan removed.
FUZZ_SECONDS ?= 60
FUZZ_BUILD = $(SWIFT) build -c release --scratch-path ../.build-fuzz \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xcc -fsanitize=fuzzer-no-link,address
fuzz: deps
	cd Fuzz && { $(FUZZ_BUILD) || { rm -f ../.build-fuzz/release.yaml && $(FUZZ_BUILD); }; }
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh

# docs/rules.md is generated from the rule files (Sources/CredGraphRisk/Rules/):
# edit those, then run this; a test fails while the committed page is stale.
rules-doc:
	$(SWIFT) build --product credgraph
	.build/debug/credgraph rules-doc --out docs/rules.md

clean:
	rm -rf .build
