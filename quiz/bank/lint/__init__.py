"""The item-writing linter: flaws that let a test-wise student beat chance, found in any parsed bank."""
