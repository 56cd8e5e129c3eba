# Two commands on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test test-fast bench install browser clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the Playwright browser tests (Playwright's own download cannot run here),
# and a CJK font so the Chinese pages show characters, not boxes, in screenshots.
browser:
	(test -x /usr/bin/chromium && fc-list :lang=zh | grep -q .) || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk)

# explorer.warm computes the heavy pages' default views once per installation (a second run
# reads them back in well under a second); it never fails the target, the server must start.
run: install
	-$(PY) -m explorer.warm
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: install browser
	$(PY) -m pytest

test-fast: install
	$(PY) -m pytest -m "not e2e"

bench: install
	for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache screenshots
