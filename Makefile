# The two commands a new user needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
GO    ?= go
NPM   ?= npm

FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
                $(wildcard frontend/index.html frontend/vite.config.* frontend/package.json)

.PHONY: run build test test-go test-fuzz test-frontend test-e2e bench bench-smoke verify clean

## run: build, then start the server with the demo (2023–2025) on SQLite
run: build
	JOBFAIR_DEMO=1 JOBFAIR_DB=$${JOBFAIR_DB:-data/demo.db} JOBFAIR_LOG_FORMAT=$${JOBFAIR_LOG_FORMAT:-text} ./jobfair

## build: the web app (when its sources changed) and the server binary
build: frontend/dist/index.html
	$(GO) build -o jobfair .

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund

frontend/dist/index.html: $(FRONTEND_SRC) frontend/node_modules/.package-lock.json
	cd frontend && $(NPM) run build

## test: every test — Go on SQLite and PostgreSQL, fuzzing, frontend unit tests, browser tests, bench smoke
test: test-go test-fuzz test-frontend test-e2e bench-smoke

test-go:
	.ci/with-postgres $(GO) test -count=1 ./...

# Every fuzz target of every package, as package:target.
FUZZ_TARGETS := $(shell grep -ro --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . 2>/dev/null | \
                  grep -v node_modules | sed 's|^\./\(.*\)/[^/]*:func |\1:|')
test-fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $$t"; \
	  $(GO) test ./$${t%%:*} -run='^$$' -fuzz="^$${t##*:}$$" -fuzztime=5s >/dev/null || exit 1; \
	done

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && $(NPM) test

test-e2e: build
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }
	cd frontend && JOBFAIR_BIN=$(CURDIR)/jobfair $(NPM) run e2e

## bench: the province-scale benchmark (see BENCHMARKS.md)
bench: build
	./jobfair bench

bench-smoke: build
	./jobfair bench --smoke

verify: build
	./jobfair verify

clean:
	rm -rf jobfair data/demo.db*
