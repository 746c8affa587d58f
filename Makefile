# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make chat   – create .venv if needed, install, start a terminal chat on the bundled knowledge
#   make test   – create .venv if needed, install, run ruff and the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: chat test serve eval bench install lock

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e '.[dev]'
	touch $@

# pin the versions of a freshly resolved environment (run after changing the dependencies in pyproject.toml)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[dev]'
	{ echo "# Exact versions that make and .ci/run install (python -m pip freeze of a working .venv; Python 3.11, Linux x86-64)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^integritetsbot'; } > requirements.lock
	rm -rf .venv-lock

install: $(VENV)/.installed

chat: $(VENV)/.installed
	$(PY) -m bot chat

test: $(VENV)/.installed
	$(PY) -m ruff check --no-cache bot tests benchmarks
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile

serve: $(VENV)/.installed
	$(PY) -m bot serve

eval: $(VENV)/.installed
	$(PY) -m bot eval data/retrieval/devset/questions.jsonl --baseline

bench: $(VENV)/.installed
	$(PY) -m benchmarks
