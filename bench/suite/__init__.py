"""The benchmark suite (`make bench`): one module per part; bench/suite/__main__.py runs them."""
