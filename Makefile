# The two commands a new user needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
GO    ?= go
NPM   ?= npm
# go.mod asks for a Go release with the standard library's security fixes; an
# older local Go fetches it through the module proxy instead of refusing.
export GOTOOLCHAIN ?= auto
# SQLite's full-text search (FTS5), which the text search needs, is compiled
# into the driver only with this tag: every build and test here passes it.
export GOFLAGS := -tags=sqlite_fts5

FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
                $(wildcard frontend/index.html frontend/vite.config.* frontend/package.json)

.PHONY: run build test test-go test-fuzz test-frontend test-e2e bench bench-smoke verify vuln clean

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

# Every `func Fuzz...` in any package, as package:target. Each runs 5,000
# inputs: a time budget (-fuzztime=5s) sometimes failed with "context deadline
# exceeded" and no failing input, a race in Go 1.26's fuzzing coordinator
# (go.dev/issue/75804) when the machine is busy. A failure shows its output.
FUZZ_TARGETS := $(shell grep -rHo --include='*_test.go' --exclude-dir=node_modules '^func Fuzz[A-Za-z0-9_]*' . 2>/dev/null \
                  | sed -E 's|^\./(.*)/[^/]*:func (.*)|\1:\2|; s|^\./[^/]*:func (.*)|.:\1|')
test-fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$pkg $$name"; \
	  out=$$($(GO) test ./$$pkg -run='^$$' -fuzz="^$$name$$" -fuzztime=5000x 2>&1) || { echo "$$out" | tail -n 40; exit 1; }; \
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

## vuln: govulncheck against an offline copy of the Go vulnerability database,
## built from the golang.org/x/vulndb module (fetched through the module proxy)
VULNDB_VERSION ?= latest
GOVULNCHECK    ?= golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB_DIR     := $(CURDIR)/.cache/vulndb
vuln:
	@set -euo pipefail; \
	info=$$($(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION)); \
	dir=$$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p' <<<"$$info"); \
	ver=$$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",$$/\1/p' <<<"$$info"); \
	if [ "$$(cat $(VULNDB_DIR).version 2>/dev/null)" != "$$ver" ]; then \
	  echo "vuln: building the database of golang.org/x/vulndb@$$ver into $(VULNDB_DIR)"; \
	  rm -rf $(VULNDB_DIR) && mkdir -p $(VULNDB_DIR); \
	  $(GO) run golang.org/x/vulndb/cmd/indexdb@$$ver -vulns "$$dir/data/osv" -out $(VULNDB_DIR); \
	  echo "$$ver" > $(VULNDB_DIR).version; \
	fi; \
	echo "vuln: golang.org/x/vulndb@$$ver"; \
	$(GO) run $(GOVULNCHECK) -db file://$(VULNDB_DIR) ./...

clean:
	rm -rf jobfair data/demo.db*
