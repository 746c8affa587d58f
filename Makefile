# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make chat   – create .venv if needed, install, start a terminal chat on the bundled knowledge
#   make test   – create .venv if needed, install, run ruff and the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: chat test serve eval bench install

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

chat: $(VENV)/.installed
	$(PY) -m bot chat

test: $(VENV)/.installed
	$(PY) -m ruff check --no-cache bot tests benchmarks
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile

serve: $(VENV)/.installed
	$(PY) -m bot serve

eval: $(VENV)/.installed
	$(PY) -m bot eval ../shared/devset/questions.jsonl --baseline

bench: $(VENV)/.installed
	$(PY) -m benchmarks
