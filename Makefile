# Shortcuts for the scripts the README names.
.PHONY: demo test bench fuzz
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
bench:
	bash scripts/bench.sh
fuzz:
	bash scripts/fuzz.sh
