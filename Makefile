# Two commands for a new user: `make report` and `make test`.
# Both install what is missing first (scripts/ensure-deps.sh), then build and run.

SWIFT ?= swift
DATA ?= data
OUT ?= reports
RELEASE_BIN = .build/release/credgraph

.PHONY: deps build release report check test bench clean fuzz templates

deps:
	@bash scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product credgraph

# The main job on the sample data: every report into reports/. templates/ is
# read as it is now, so an edit shows before `make templates` builds it in.
report: release
	$(RELEASE_BIN) report --data $(DATA) --out $(OUT) --templates templates

# The default templates built into the binary, from templates/ (the source to
# edit). A test fails while the generated file is stale.
templates:
	$(SWIFT) scripts/embed-templates.swift templates Sources/CredGraphKit/Report/BuiltInTemplates.swift

check: release
	$(RELEASE_BIN) check --data $(DATA)

# Figures, not tests: probe ingestion (JSON lines, logfmt, gzip; 1x and 2x the
# lines), graph and diagram benchmarks. Generated data is cached in bench-data/.
bench: deps
	@CREDGRAPH_BENCH=1 bash scripts/ensure-deps.sh || echo "bench: could not install GNU time; peak RSS will not be shown" >&2
	$(SWIFT) build -c release
	bash scripts/bench.sh

test: deps
	$(SWIFT) build --build-tests
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

clean:
	rm -rf .build
