# The two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check lint bench clean deploy-check system-packages system-fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python system-fonts
	$(BIN)/pip install --quiet -e '.[server]'
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/siteledger demo
	$(BIN)/siteledger welcome --base-url http://$(HOST):$(PORT)
	SITELEDGER_FOLLOW=y $(BIN)/siteledger serve --host $(HOST) --port $(PORT)

test: check

# deploy-check before the tests: they also read the CloudFormation it generated.
check: system-packages lint deploy-check
	$(BIN)/pytest --cov --cov-report=term

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy api domain projections storage tests bench tools
	$(BIN)/lint-imports

# Debian's packages the console needs: a CJK font for the monthly report's PDF (to run);
# for its tests also Chromium (the browser tests drive it; never a downloaded browser)
# and poppler (pdftotext, pdftoppm). apt-get runs only when one is missing.
FONT_FILES := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc:fonts-wqy-microhei
SYSTEM_FILES := $(FONT_FILES) /usr/bin/chromium:chromium /usr/bin/pdftotext:poppler-utils
system-fonts: FILES = $(FONT_FILES)
system-packages: FILES = $(SYSTEM_FILES)
system-fonts system-packages:
	@missing="$(foreach f,$(FILES),$(if $(wildcard $(word 1,$(subst :, ,$(f)))),,$(word 2,$(subst :, ,$(f)))))"; \
	if [ -n "$$(echo $$missing)" ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $$missing; \
	fi

# `make bench ODK=path/to/central-backend [ODK_NODE=path/to/node24]` measures ODK
# Central beside us in the same run (docs/benchmarks.md says how to get one).
bench: $(VENV)/.dev
	$(BIN)/python -m bench $(if $(ODK),--odk $(ODK)) $(if $(ODK_NODE),--odk-node $(ODK_NODE))

clean:
	rm -rf $(VENV) var .coverage .mypy_cache .ruff_cache .pytest_cache .hypothesis
	rm -rf build node_modules

# Serverless (docs/deploy.md): the Lambda bundle, then `osls package` for each stage and
# cfn-lint on the CloudFormation it generates. Offline: the placeholders stand for one
# account's network and database, AWS credentials are hidden, nothing reaches AWS.
LAMBDA_PYTHON := 3.12
WHEELS := --platform manylinux2014_aarch64 --platform manylinux_2_28_aarch64 \
	--platform manylinux_2_34_aarch64 --implementation cp \
	--python-version $(LAMBDA_PYTHON) "--only-binary=:all:"
BUNDLE := build/lambda
# With the runtime's own Python at hand, the bundle ships bytecode: no cold start then
# compiles what it imports. Without it (pyc files are per Python version) it ships none.
LAMBDA_PYC ?= $(shell python$(LAMBDA_PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null)
SOURCES := pyproject.toml $(shell find api domain projections storage -name '*.py')
OSLS := node_modules/.bin/osls
NO_AWS := env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
	-u AWS_SESSION_TOKEN AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
	AWS_EC2_METADATA_DISABLED=true \
	SITELEDGER_DB_HOST=siteledger.cluster-example.rds.cn-northwest-1.amazonaws.com.cn \
	SITELEDGER_SUBNET_IDS=subnet-0a1b2c3d4e5f6a7b8,subnet-0a1b2c3d4e5f6a7b9 \
	SITELEDGER_SECURITY_GROUP_IDS=sg-0a1b2c3d4e5f6a7b8
DEV := SITELEDGER_DB_AUTH=secret \
	SITELEDGER_DB_SECRET_ARN=arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:siteledger-dev-AbCdEf
PROD := SITELEDGER_DB_AUTH=iam SITELEDGER_DB_RESOURCE_ID=cluster-EXAMPLE0123456789 \
	SITELEDGER_API_AUTH=jwt SITELEDGER_JWT_AUDIENCE=example-app-client \
	SITELEDGER_JWT_ISSUER=https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_EXAMPLE

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(BUNDLE)/.deps: pyproject.toml | $(VENV)/.dev
	rm -rf $(BUNDLE) && mkdir -p $(BUNDLE)/root
	$(BIN)/pip freeze --exclude-editable > $(BUNDLE)/constraints.txt
	$(BIN)/python -c "from importlib.metadata import requires; \
		print('\n'.join(r for r in requires('siteledger') if 'extra ==' not in r))" \
		> $(BUNDLE)/requirements.txt
	$(BIN)/pip install --quiet --no-compile --target $(BUNDLE)/root $(WHEELS) \
		-r $(BUNDLE)/requirements.txt -c $(BUNDLE)/constraints.txt
	touch $@

build/lambda.zip: $(BUNDLE)/.deps $(SOURCES)
	rm -rf $(BUNDLE)/root/siteledger-*.dist-info build/lib build/bdist.*  # nothing stale
	$(BIN)/pip install --quiet --no-deps --no-compile --upgrade --target $(BUNDLE)/root .
	$(if $(LAMBDA_PYC),$(LAMBDA_PYC) -m compileall -q -j 0 --invalidation-mode \
		unchecked-hash $(BUNDLE)/root || echo "not all precompiled: the rest at cold start")
	$(BIN)/python -c "import shutil; shutil.make_archive('build/lambda', 'zip', '$(BUNDLE)/root')"

ifeq ($(shell command -v npm),)
deploy-check:
	@if [ -n "$$CI" ]; then echo "deploy-check needs Node.js >= 20.19 under CI"; exit 1; fi
	@echo "deploy-check skipped: it needs Node.js >= 20.19 (npm)"
else
deploy-check: build/lambda.zip node_modules/.installed
	$(NO_AWS) $(DEV) $(OSLS) package --stage dev --package build/sls/dev
	$(NO_AWS) $(PROD) $(OSLS) package --stage prod --package build/sls/prod
	$(BIN)/cfn-lint --regions cn-northwest-1 --ignore-checks W3005 -- \
		build/sls/dev/cloudformation-template-update-stack.json \
		build/sls/prod/cloudformation-template-update-stack.json
endif
