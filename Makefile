# ordinal — see README.md. Everything runs as root on Debian.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)
NODE := $(CURDIR)/bin/node

.PHONY: setup up test test-unit test-e2e typecheck bench clean

setup:
	@bash scripts/setup.sh

up: setup
	@bin/ordinal up

typecheck: setup
	@node_modules/.bin/tsc -p tsconfig.json

test-unit: setup
	@$(NODE) --test --test-concurrency=2 $$(git ls-files --cached --others --exclude-standard 'src/**/*.test.ts' 'bench/**/*.test.ts' | sort)

test-e2e: setup
	@$(NODE) --test --test-concurrency=1 $$(git ls-files --cached --others --exclude-standard 'test/e2e/*.test.ts' | sort)

# One node --test run over every test so that its summary shows the real counts.
test: setup typecheck
	@$(NODE) --test --test-concurrency=2 $$(git ls-files --cached --others --exclude-standard '*.test.ts' | grep -v node_modules | sort)

bench: setup
	@bin/ordinal bench api

clean:
	rm -rf .tools node_modules .build
