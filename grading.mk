# Grading a whole class (included by the Makefile). See book/guides/grading.md.
#
#   make grade ASSIGNMENT=03-measuring-insulin-resistance      grade every submitted/<student>/<id>/
#   make grade ASSIGNMENT=<id> JOBS=4                           worker processes (default: one per core)
#   make grade ASSIGNMENT=<id> TIMEOUT=60 MEMORY_MB=4096        seconds per cell, memory per kernel
#   make grade ASSIGNMENT=<id> ALLOW_UNSANDBOXED=1              only where bwrap cannot run (risky)
#   make grades-report                                          rewrite grades.csv after manual grading
#   make grades-lms                                             grades-lms.csv: one row per student
#   make grading-probe                                          can the sandbox run on this machine?
VENV_BIN ?= .venv/bin
GRADING := $(VENV_BIN)/python -m insulinlab.grading
GRADE_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GRADE_FLAGS := --jobs $(if $(filter command line,$(origin JOBS)),$(JOBS),$(GRADE_JOBS))
GRADE_FLAGS += $(if $(TIMEOUT),--timeout $(TIMEOUT))
GRADE_FLAGS += $(if $(MEMORY_MB),--memory-mb $(MEMORY_MB))
GRADE_FLAGS += $(if $(filter 1 yes true,$(ALLOW_UNSANDBOXED)),--allow-unsandboxed)

.PHONY: grade grades-report grades-lms grading-probe grading-need-assignment

grading-need-assignment:
	@if [ -z "$(ASSIGNMENT)" ]; then \
	  echo "usage: make grade ASSIGNMENT=<id>   (one of: $$(ls solutions | tr '\n' ' '))" >&2; \
	  exit 2; \
	fi

grade: grading-need-assignment .venv/.installed
	PATH="$(CURDIR)/$(VENV_BIN):$$PATH" $(GRADING) grade $(ASSIGNMENT) $(GRADE_FLAGS)

grades-report: .venv/.installed
	$(GRADING) report

grades-lms: .venv/.installed
	$(GRADING) lms

grading-probe: .venv/.installed
	$(GRADING) probe
