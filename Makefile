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

.PHONY: deps build release report check test bench clean fuzz templates install uninstall man rules-doc

deps:
	@bash scripts/ensure-deps.sh

build: deps
	$(SWIFT) build $(STAGE_CHECK)

release: deps
	$(SWIFT) build -c release --product credgraph $(STAGE_CHECK)

# The main job on the sample data: every report into reports/. templates/ is
# read as it is now, so an edit shows before `make templates` builds it in.
report: release
	$(RELEASE_BIN) report --data $(DATA) --out $(OUT) --templates templates

# The default templates built into the binary, from templates/ (the source to
# edit). A test fails while the generated file is stale.
templates:
	$(SWIFT) scripts/embed-templates.swift templates Sources/CredGraphReport/BuiltInTemplates.swift

check: release
	$(RELEASE_BIN) check --data $(DATA)

# Figures, not tests: probe ingestion (JSON lines, logfmt, gzip; 1x and 2x the
# lines), graph and diagram benchmarks. Generated data is cached in bench-data/.
bench: deps
	@CREDGRAPH_BENCH=1 bash scripts/ensure-deps.sh || echo "bench: could not install GNU time; peak RSS will not be shown" >&2
	$(SWIFT) build -c release
	bash scripts/bench.sh

# Installs credgraph under PREFIX (default /usr/local; any folder you can
# write, e.g. PREFIX=$$HOME/.local): the binary, its man page and bash, zsh and
# fish completions. DESTDIR is prepended for packaging. No network: the man
# page comes from swift-argument-parser's GenerateManual plugin (a release
# build of the package, then the help of the built binary as mdoc); the
# completions from `credgraph --generate-completion-script`.
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
MANPAGE = .build/plugins/GenerateManual/outputs/credgraph/credgraph.1
# The man page's date: the last commit's, so a rebuild of one commit gives the same page.
MAN_DATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)

man: deps
	$(SWIFT) package plugin generate-manual --date $(MAN_DATE)
	@test -s $(MANPAGE) || { echo "man: $(MANPAGE) was not generated" >&2; exit 1; }

# Each file is written beside its place and renamed, so an interrupted install
# never leaves half a file.
install: release man
	install -d $(BINDIR) $(MAN1DIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(RELEASE_BIN) $(BINDIR)/.credgraph.tmp && mv -f $(BINDIR)/.credgraph.tmp $(BINDIR)/credgraph
	install -m 644 $(MANPAGE) $(MAN1DIR)/.credgraph.1.tmp && mv -f $(MAN1DIR)/.credgraph.1.tmp $(MAN1DIR)/credgraph.1
	$(RELEASE_BIN) --generate-completion-script bash > $(BASHDIR)/.credgraph.tmp && mv -f $(BASHDIR)/.credgraph.tmp $(BASHDIR)/credgraph
	$(RELEASE_BIN) --generate-completion-script zsh > $(ZSHDIR)/._credgraph.tmp && mv -f $(ZSHDIR)/._credgraph.tmp $(ZSHDIR)/_credgraph
	$(RELEASE_BIN) --generate-completion-script fish > $(FISHDIR)/.credgraph.fish.tmp && mv -f $(FISHDIR)/.credgraph.fish.tmp $(FISHDIR)/credgraph.fish
	@echo "installed credgraph $$($(BINDIR)/credgraph --version) under $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(BINDIR)/credgraph $(MAN1DIR)/credgraph.1 $(BASHDIR)/credgraph $(ZSHDIR)/_credgraph $(FISHDIR)/credgraph.fish

# CI runs this: our targets are built with warnings as errors (Package.swift
# reads CREDGRAPH_WARNINGS_AS_ERRORS; dependencies keep their warnings).
test: deps
	CREDGRAPH_WARNINGS_AS_ERRORS=1 $(SWIFT) build --build-tests $(STAGE_CHECK)
	CREDGRAPH_WARNINGS_AS_ERRORS=1 $(SWIFT) test --skip-build

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
