# One path for people and CI: `make run` starts the web chat, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test check lint typecheck pytest eval bench browser clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# requirements.lock pins every package. torch must stay 2.13.0 (CPU): this machine's pip has a
	# local wheel of that build only, and an unpinned torch pulls a multi-GB CUDA build from the network.
	$(BIN)/python -m pip install --quiet --constraint requirements.lock -e '.[dev]'
	# The read path runs the models in ONNX Runtime: export them once, here, with torch.
	$(BIN)/assistant prepare
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/assistant serve

browser:
	scripts/install-chromium

lint: $(STAMP)
	$(BIN)/ruff check assistant index ui evals tests
	$(BIN)/ruff format --check assistant index ui evals tests

typecheck: $(STAMP)
	$(BIN)/mypy assistant index ui evals

pytest: $(STAMP) browser
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/assistant eval --check

test: lint typecheck pytest eval

clean:
	rm -rf $(VENV) .store .reports
