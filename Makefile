# make demo  — fresh machine → venv, SQLite database with the demo data, the April 2024 overview,
#              web app (gunicorn; var/secret_key is created once)
# make test  — fresh machine → venv, the whole test suite (DATABASE_URL picks the database)
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2  # pytest-xdist processes for `make test` (0 = one process)

.PHONY: demo test lint bench venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q "setuptools<81" wheel
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

demo: venv
	$(BIN)/speechwatch secret-key
	$(BIN)/speechwatch demo
	$(BIN)/speechwatch report --month 2024-04 --lang en,ru,kk --format html,md,docx,pdf,json --out var/reports
	@echo "April 2024 overview: var/reports/2024-04.{en,ru,kk}.{html,md,docx,pdf,json}"
	@echo "Web app: http://$(HOST):$(PORT)/  (staff: /work/, users demo-monitor, demo-editor, … password speechwatch-demo)"
	$(BIN)/speechwatch serve --host $(HOST) --port $(PORT)

test: venv
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: venv
	$(BIN)/ruff check speechwatch tests bench
	$(BIN)/ruff format --check speechwatch tests bench
	$(BIN)/mypy speechwatch bench

bench: venv  # all five benchmarks at their full sizes (takes a while; see docs/development.md)
	$(BIN)/python bench/import_bench.py --sizes 10000,100000,1000000
	$(BIN)/python bench/report_bench.py --sizes 10000,100000,1000000
	$(BIN)/python bench/overview_bench.py
	$(BIN)/python bench/web_bench.py --sizes 100000,1000000
	$(BIN)/python bench/serve_bench.py --duration 30 --clients 8
	$(BIN)/python bench/fetch_bench.py fetch --feeds 100,500
	$(BIN)/python bench/fetch_bench.py store --sizes 10000,100000,1000000

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
