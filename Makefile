# Two commands for a new user: `make report` and `make test`.
# Both install what is missing first (scripts/ensure-deps.sh), then build and run.

SWIFT ?= swift
DATA ?= data
OUT ?= reports
RELEASE_BIN = .build/release/credgraph

.PHONY: deps build release report check test bench clean

deps:
	@bash scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product credgraph

# The main job on the sample data: every report into reports/.
report: release
	$(RELEASE_BIN) report --data $(DATA) --out $(OUT)

check: release
	$(RELEASE_BIN) check --data $(DATA)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
